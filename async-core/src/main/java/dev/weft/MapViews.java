package dev.weft;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The live views of a {@link LocalReactiveMap}: {@code size} and {@code contains} read the current map
 * (tracked as the map's own methods are), each iteration walks a new snapshot, and writes go to the
 * map as its own atomic operations.
 *
 * <p>Threads: stateless beyond the map, which is thread-safe; iterators are confined to their thread.
 */
final class MapViews {
  private MapViews() {}

  /** Removes, as one atomic map operation, the entries whose view element passes {@code filter}. */
  private static <K, V, E> boolean removeWhere(
      LocalReactiveMap<K, V> map, Function<Map.Entry<K, V>, E> element, Predicate<? super E> filter) {
    Objects.requireNonNull(filter, "filter");
    return map.removeEntriesIf(e -> filter.test(element.apply(e)));
  }

  /**
   * Removes, as one atomic map operation, the entries whose view element is in {@code c}
   * ({@code removeAll}, {@code in} true) or is not ({@code retainAll}, {@code in} false).
   */
  private static <K, V, E> boolean removeIn(
      LocalReactiveMap<K, V> map, Function<Map.Entry<K, V>, E> element, Collection<?> c, boolean in) {
    Objects.requireNonNull(c, "c");
    return map.removeEntriesIf(e -> c.contains(element.apply(e)) == in);
  }

  /** A live view of the keys; iteration walks a snapshot (see {@link ReactiveMap}). */
  static final class KeySet<K, V> extends AbstractSet<K> {
    private final LocalReactiveMap<K, V> map;

    KeySet(LocalReactiveMap<K, V> map) {
      this.map = map;
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public boolean contains(Object o) {
      return map.containsKey(o);
    }

    @Override
    public boolean remove(Object o) {
      return map.removeKey(o);
    }

    @Override
    public void clear() {
      map.clear();
    }

    @Override
    public Iterator<K> iterator() {
      return new SnapshotIterator<K, K>(
          map.keySnapshot().keySet().iterator(), k -> k, map::remove);
    }

    @Override
    public Spliterator<K> spliterator() {
      return map.keySnapshot().keySet().spliterator();
    }

    @Override
    public Object[] toArray() {
      return map.keySnapshot().keySet().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
      return map.keySnapshot().keySet().toArray(a);
    }

    @Override
    public boolean removeIf(Predicate<? super K> filter) {
      return removeWhere(map, Map.Entry::getKey, filter);
    }

    @Override
    public boolean removeAll(Collection<?> c) {
      return removeIn(map, Map.Entry::getKey, c, true);
    }

    @Override
    public boolean retainAll(Collection<?> c) {
      return removeIn(map, Map.Entry::getKey, c, false);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this || map.keySnapshot().keySet().equals(o);
    }

    @Override
    public int hashCode() {
      return map.keySnapshot().keySet().hashCode();
    }

    @Override
    public String toString() {
      return map.keySnapshot().keySet().toString();
    }
  }

  /** A live view of the values; iteration walks a snapshot. */
  static final class Values<K, V> extends AbstractCollection<V> {
    private final LocalReactiveMap<K, V> map;

    Values(LocalReactiveMap<K, V> map) {
      this.map = map;
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public boolean contains(Object o) {
      return map.containsValue(o);
    }

    /** Removes the first entry (in iteration order) whose value equals {@code o}, atomically. */
    @Override
    public boolean remove(Object o) {
      return map.removeValue(o);
    }

    @Override
    public void clear() {
      map.clear();
    }

    @Override
    public Iterator<V> iterator() {
      return new SnapshotIterator<Map.Entry<K, V>, V>(map.contentsSnapshot().entrySet().iterator(),
          Map.Entry::getValue, e -> map.remove(e.getKey()));
    }

    @Override
    public Spliterator<V> spliterator() {
      return map.contentsSnapshot().values().spliterator();
    }

    @Override
    public Object[] toArray() {
      return map.contentsSnapshot().values().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
      return map.contentsSnapshot().values().toArray(a);
    }

    @Override
    public boolean removeIf(Predicate<? super V> filter) {
      return removeWhere(map, Map.Entry::getValue, filter);
    }

    @Override
    public boolean removeAll(Collection<?> c) {
      return removeIn(map, Map.Entry::getValue, c, true);
    }

    @Override
    public boolean retainAll(Collection<?> c) {
      return removeIn(map, Map.Entry::getValue, c, false);
    }

    @Override
    public String toString() {
      return map.contentsSnapshot().values().toString();
    }
  }

  /** A live view of the entries; iteration walks a snapshot, {@code setValue} writes through. */
  static final class EntrySet<K, V> extends AbstractSet<Map.Entry<K, V>> {
    private final LocalReactiveMap<K, V> map;

    EntrySet(LocalReactiveMap<K, V> map) {
      this.map = map;
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
        return false;
      }
      V v = map.get(e.getKey());
      return v != null && v.equals(e.getValue());
    }

    @Override
    public boolean remove(Object o) {
      if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
        return false;
      }
      return map.remove(e.getKey(), e.getValue());
    }

    @Override
    public void clear() {
      map.clear();
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return new SnapshotIterator<Map.Entry<K, V>, Map.Entry<K, V>>(
          map.contentsSnapshot().entrySet().iterator(), e -> new WriteThroughEntry<>(map, e.getKey(), e.getValue()),
          e -> map.remove(e.getKey()));
    }

    @Override
    public Object[] toArray() {
      return map.contentsSnapshot().entrySet().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
      return map.contentsSnapshot().entrySet().toArray(a);
    }

    @Override
    public Spliterator<Map.Entry<K, V>> spliterator() {
      return map.contentsSnapshot().entrySet().spliterator();
    }

    @Override
    public boolean removeIf(Predicate<? super Map.Entry<K, V>> filter) {
      return removeWhere(map, e -> e, filter);
    }

    @Override
    public boolean removeAll(Collection<?> c) {
      return removeIn(map, e -> e, c, true);
    }

    @Override
    public boolean retainAll(Collection<?> c) {
      return removeIn(map, e -> e, c, false);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this || map.contentsSnapshot().entrySet().equals(o);
    }

    @Override
    public int hashCode() {
      return map.contentsSnapshot().entrySet().hashCode();
    }

    @Override
    public String toString() {
      return map.contentsSnapshot().entrySet().toString();
    }
  }

  /** An entry of an iteration snapshot whose {@code setValue} puts into the live map. */
  static final class WriteThroughEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {
    private final LocalReactiveMap<K, V> map;

    WriteThroughEntry(LocalReactiveMap<K, V> map, K key, V value) {
      super(key, value);
      this.map = map;
    }

    /**
     * Puts {@code value} for this entry's key into the map (adding the key again if it was removed
     * meanwhile) and into this entry; returns this entry's previous value.
     */
    @Override
    public V setValue(V value) {
      Objects.requireNonNull(value, "value");
      map.put(getKey(), value);
      return super.setValue(value);
    }
  }
}
