package dev.weft;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReactiveMap}: a {@link LinkedHashMap} (insertion order) plus the nodes that tell readers
 * what changed.
 *
 * <h2>What each read depends on</h2>
 *
 * <ul>
 *   <li>{@code get}, {@code getOrDefault}, {@code entrySet().contains}: the key's node, bumped when
 *       that key's value changes, appears or disappears;
 *   <li>{@code size}, {@code isEmpty}, {@code containsKey}, the key set's iteration: {@link #structure},
 *       bumped when a key is added or removed;
 *   <li>{@code containsValue}, value and entry iteration, {@code forEach}, {@code equals}, {@code
 *       hashCode}, {@code toString}: {@link #contents}, bumped on every change.
 * </ul>
 *
 * A write of a value equal ({@code equals}) to the current one changes and bumps nothing, and keeps the
 * current instance.
 *
 * <h2>Threads</h2>
 *
 * See {@link CollectionCore} for the two locks. {@link #data} is written only while holding both the
 * graph lock and the leaf lock, so holding either one is enough to read it: writes (which hold the
 * graph lock) read it directly, plain reads take the leaf lock. {@link #snapshot} is an immutable copy
 * of {@link #data}, built lazily under the leaf lock and cleared by every change, so repeated
 * iterations without writes in between copy nothing. The nodes are guarded by the graph lock.
 */
final class LocalReactiveMap<K, V> implements ReactiveMap<K, V> {
  private final CollectionCore core;
  private final LinkedHashMap<K, V> data = new LinkedHashMap<>();
  private final KeyNodes keys;
  private final VersionNode structure;
  private final VersionNode contents;
  private volatile @Nullable Map<K, V> snapshot;

  private final Set<K> keySet = new MapViews.KeySet<>(this);
  private final Collection<V> values = new MapViews.Values<>(this);
  private final Set<Map.Entry<K, V>> entrySet = new MapViews.EntrySet<>(this);

  LocalReactiveMap(Kernel kernel) {
    this.core = new CollectionCore(kernel, "reactive map");
    this.keys = new KeyNodes(kernel, "reactive map");
    this.structure = new VersionNode(kernel, "reactive map");
    this.contents = new VersionNode(kernel, "reactive map contents");
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public int size() {
    return core.read(structure, data::size);
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    Objects.requireNonNull(key, "key");
    return core.read(structure, () -> data.containsKey(key));
  }

  @Override
  public boolean containsValue(Object value) {
    Objects.requireNonNull(value, "value");
    return contentsSnapshot().containsValue(value);
  }

  @Override
  public @Nullable V get(Object key) {
    Objects.requireNonNull(key, "key");
    return core.read(keys, key, () -> data.get(key));
  }

  @Override
  public V getOrDefault(Object key, V defaultValue) {
    V v = get(key);
    return v != null ? v : defaultValue;
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    Objects.requireNonNull(action, "action");
    contentsSnapshot().forEach(action);
  }

  /** The current snapshot, read as a dependency on the contents. */
  Map<K, V> contentsSnapshot() {
    return core.read(contents, this::snapshotLocked);
  }

  /** The current snapshot, read as a dependency on the key set. */
  Map<K, V> keySnapshot() {
    return core.read(structure, this::snapshotLocked);
  }

  /** Under the leaf lock: the snapshot of {@link #data}, copied if a change cleared it. */
  private Map<K, V> snapshotLocked() {
    Map<K, V> s = snapshot;
    if (s == null) {
      s = Collections.unmodifiableMap(new LinkedHashMap<>(data));
      snapshot = s;
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes: each runs in core.write, under the graph lock, as one batch

  @Override
  public @Nullable V put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return core.write(structure, () -> store(key, value));
  }

  @Override
  public @Nullable V remove(Object key) {
    Objects.requireNonNull(key, "key");
    return core.write(structure, () -> delete(key));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    Objects.requireNonNull(map, "map");
    List<Map.Entry<K, V>> copy = new ArrayList<>(map.size());
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      copy.add(new AbstractMap.SimpleImmutableEntry<>(
          Objects.requireNonNull(e.getKey(), "key"), Objects.requireNonNull(e.getValue(), "value")));
    }
    core.write(structure, () -> {
      apply(changesOf(copy), List.of());
      return null;
    });
  }

  @Override
  public void clear() {
    core.write(structure, () -> {
      apply(List.of(), new ArrayList<>(data.keySet()));
      return null;
    });
  }

  @Override
  public @Nullable V putIfAbsent(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return core.write(structure, () -> {
      V current = data.get(key);
      return current != null ? current : store(key, value);
    });
  }

  @Override
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return core.write(structure, () -> {
      V current = data.get(key);
      if (current == null || !current.equals(value)) {
        return false;
      }
      delete(key);
      return true;
    });
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    return core.write(structure, () -> {
      V current = data.get(key);
      if (current == null || !current.equals(oldValue)) {
        return false;
      }
      store(key, newValue);
      return true;
    });
  }

  @Override
  public @Nullable V replace(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return core.write(structure, () -> data.containsKey(key) ? store(key, value) : null);
  }

  /**
   * {@inheritDoc} Atomic: {@code function} runs once, under the graph lock (see {@link ReactiveMap}).
   */
  @Override
  public @Nullable V computeIfAbsent(K key, Function<? super K, ? extends V> function) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(function, "function");
    return core.write(structure, () -> {
      V current = data.get(key);
      if (current != null) {
        return current;
      }
      V next = function.apply(key);
      return next == null ? null : settle(key, next);
    });
  }

  /**
   * {@inheritDoc} Atomic: {@code function} runs at most once, under the graph lock.
   */
  @Override
  public @Nullable V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends V> function) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(function, "function");
    return core.write(structure, () -> {
      V current = data.get(key);
      if (current == null) {
        return null;
      }
      return settle(key, function.apply(key, current));
    });
  }

  /**
   * {@inheritDoc} Atomic: {@code function} runs once, under the graph lock.
   */
  @Override
  public @Nullable V compute(K key, BiFunction<? super K, ? super @Nullable V, ? extends V> function) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(function, "function");
    return core.write(structure, () -> settle(key, function.apply(key, data.get(key))));
  }

  /**
   * {@inheritDoc} Atomic: {@code function} runs at most once, under the graph lock.
   */
  @Override
  public @Nullable V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends V> function) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(function, "function");
    return core.write(structure, () -> {
      V current = data.get(key);
      return settle(key, current == null ? value : function.apply(current, value));
    });
  }

  /**
   * {@inheritDoc} Atomic: every new value is computed (under the graph lock) before any is stored, so
   * a throwing {@code function} changes nothing.
   *
   * @throws NullPointerException if {@code function} returns null
   */
  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    Objects.requireNonNull(function, "function");
    core.write(structure, () -> {
      Map<K, V> current = core.locked(this::snapshotLocked);
      List<Map.Entry<K, V>> next = new ArrayList<>(current.size());
      for (Map.Entry<K, V> e : current.entrySet()) {
        V v = function.apply(e.getKey(), e.getValue());
        if (v == null) {
          throw new NullPointerException("replaceAll function returned null for a key: a reactive"
              + " map holds no null values; remove the key instead");
        }
        next.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), v));
      }
      apply(changesOf(next), List.of());
      return null;
    });
  }

  /** Removes every entry matching {@code filter}, evaluated (under the graph lock) before any removal. */
  boolean removeEntriesIf(Predicate<? super Map.Entry<K, V>> filter) {
    Objects.requireNonNull(filter, "filter");
    return core.write(structure, () -> {
      List<K> doomed = new ArrayList<>();
      for (Map.Entry<K, V> e : core.locked(this::snapshotLocked).entrySet()) {
        if (filter.test(e)) {
          doomed.add(e.getKey());
        }
      }
      apply(List.of(), doomed);
      return !doomed.isEmpty();
    });
  }

  /** Under the graph lock: stores {@code next}, or removes {@code key} when it is null; returns the value now held. */
  private @Nullable V settle(K key, @Nullable V next) {
    if (next == null) {
      delete(key);
      return null;
    }
    store(key, next);
    return data.get(key);
  }

  /** Under the graph lock: stores a value unless equal to the current one; returns the previous value. */
  private @Nullable V store(K key, V value) {
    V old = data.get(key);
    if (old == null || !old.equals(value)) {
      apply(List.of(new AbstractMap.SimpleImmutableEntry<>(key, value)), List.of());
    }
    return old;
  }

  /** Under the graph lock: removes {@code key} if present; returns its value. */
  private @Nullable V delete(Object key) {
    V old = data.get(key);
    if (old != null) {
      apply(List.of(), List.of(key));
    }
    return old;
  }

  /** Under the graph lock: the entries of {@code entries} whose value differs from the current one. */
  private List<Map.Entry<K, V>> changesOf(List<Map.Entry<K, V>> entries) {
    List<Map.Entry<K, V>> changes = new ArrayList<>(entries.size());
    for (Map.Entry<K, V> e : entries) {
      V old = data.get(e.getKey());
      if (old == null || !old.equals(e.getValue())) {
        changes.add(e);
      }
    }
    return changes;
  }

  /**
   * Under the graph lock: applies {@code puts} (real changes) and {@code removals} (present keys) in
   * one leaf-locked step, so that even plain readers see the whole operation or none of it, then bumps
   * the nodes of the keys concerned, the structure if a key came or went, and the contents.
   */
  private void apply(List<Map.Entry<K, V>> puts, List<?> removals) {
    if (puts.isEmpty() && removals.isEmpty()) {
      return;
    }
    boolean structural = !removals.isEmpty();
    for (Map.Entry<K, V> e : puts) {
      structural |= !data.containsKey(e.getKey());
    }
    core.lockedRun(() -> {
      for (Map.Entry<K, V> e : puts) {
        data.put(e.getKey(), e.getValue());
      }
      for (Object key : removals) {
        data.remove(key);
      }
      snapshot = null;
    });
    for (Map.Entry<K, V> e : puts) {
      keys.changed(e.getKey());
    }
    for (Object key : removals) {
      keys.removed(key);
    }
    if (structural) {
      structure.bump();
    }
    contents.bump();
  }

  /** Removes {@code key}; returns whether it was present. For {@code keySet().remove}. */
  boolean removeKey(Object key) {
    Objects.requireNonNull(key, "key");
    return core.write(structure, () -> delete(key) != null);
  }

  /** Removes the first entry (in iteration order) whose value equals {@code value}, atomically. */
  boolean removeValue(Object value) {
    Objects.requireNonNull(value, "value");
    return core.write(structure, () -> {
      for (Map.Entry<K, V> e : core.locked(this::snapshotLocked).entrySet()) {
        if (e.getValue().equals(value)) {
          delete(e.getKey());
          return true;
        }
      }
      return false;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Views (MapViews)

  @Override
  public Set<K> keySet() {
    return keySet;
  }

  @Override
  public Collection<V> values() {
    return values;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return entrySet;
  }

  /** How many per-key nodes exist; for tests. Takes the graph lock. */
  int keyNodeCount() {
    core.kernel.lock.lock();
    try {
      return keys.size();
    } finally {
      core.kernel.lock.unlock();
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || contentsSnapshot().equals(o);
  }

  @Override
  public int hashCode() {
    return contentsSnapshot().hashCode();
  }

  @Override
  public String toString() {
    return contentsSnapshot().toString();
  }
}
