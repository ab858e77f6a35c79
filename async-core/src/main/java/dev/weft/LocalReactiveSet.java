package dev.weft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReactiveSet}: a {@link LinkedHashSet} (insertion order) plus the nodes that tell readers
 * what changed. {@code contains(e)} depends on the element's node, bumped when {@code e} is added or
 * removed; everything else ({@code size}, iteration, {@code containsAll}, {@code equals}...) depends on
 * {@link #structure}, bumped on every change of membership. Adding a present element or removing an
 * absent one changes and bumps nothing.
 *
 * <p>Threads: as {@link LocalReactiveMap}: {@link #data} is written only while holding both the graph
 * lock and the leaf lock ({@link CollectionCore}); {@link #snapshot} is an immutable copy built lazily
 * under the leaf lock and cleared by every change; the nodes are guarded by the graph lock.
 */
final class LocalReactiveSet<E> implements ReactiveSet<E> {
  private final CollectionCore core;
  private final LinkedHashSet<E> data = new LinkedHashSet<>();
  private final KeyNodes elements;
  private final VersionNode structure;
  private volatile @Nullable Set<E> snapshot;

  LocalReactiveSet(Kernel kernel) {
    this.core = new CollectionCore(kernel, "reactive set");
    this.elements = new KeyNodes(kernel, "reactive set");
    this.structure = new VersionNode(kernel, "reactive set");
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
  public boolean contains(Object o) {
    Objects.requireNonNull(o, "element");
    return core.read(elements, o, () -> data.contains(o));
  }

  @Override
  public boolean containsAll(Collection<?> c) {
    Objects.requireNonNull(c, "c");
    return snapshot().containsAll(c);
  }

  @Override
  public Iterator<E> iterator() {
    return new SnapshotIterator<E, E>(snapshot().iterator(), e -> e, this::remove);
  }

  @Override
  public Spliterator<E> spliterator() {
    return snapshot().spliterator();
  }

  @Override
  public void forEach(java.util.function.Consumer<? super E> action) {
    Objects.requireNonNull(action, "action");
    snapshot().forEach(action);
  }

  @Override
  public Object[] toArray() {
    return snapshot().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return snapshot().toArray(a);
  }

  @Override
  public <T> T[] toArray(IntFunction<T[]> generator) {
    return snapshot().toArray(generator);
  }

  /** The current snapshot, read as a dependency on the membership. */
  private Set<E> snapshot() {
    return core.read(structure, this::snapshotLocked);
  }

  /** Under the leaf lock: the snapshot of {@link #data}, copied if a change cleared it. */
  private Set<E> snapshotLocked() {
    Set<E> s = snapshot;
    if (s == null) {
      s = Collections.unmodifiableSet(new LinkedHashSet<>(data));
      snapshot = s;
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public boolean add(E e) {
    Objects.requireNonNull(e, "element");
    return core.write(structure, () -> insert(e));
  }

  @Override
  public boolean remove(Object o) {
    Objects.requireNonNull(o, "element");
    return core.write(structure, () -> delete(o));
  }

  /** Adds every element of {@code c} as one batch. */
  @Override
  public boolean addAll(Collection<? extends E> c) {
    Objects.requireNonNull(c, "c");
    List<E> copy = new ArrayList<>(c.size());
    for (E e : c) {
      copy.add(Objects.requireNonNull(e, "element"));
    }
    return core.write(structure, () -> {
      LinkedHashSet<E> added = new LinkedHashSet<>();
      for (E e : copy) {
        if (!data.contains(e)) {
          added.add(e);
        }
      }
      return apply(new ArrayList<>(added), List.of());
    });
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    Objects.requireNonNull(c, "c");
    return removeIf(c::contains);
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    Objects.requireNonNull(c, "c");
    return removeIf(e -> !c.contains(e));
  }

  /**
   * {@inheritDoc} Atomic: {@code filter} is evaluated (under the graph lock) for every element before
   * any is removed, so a throwing filter changes nothing.
   */
  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    Objects.requireNonNull(filter, "filter");
    return core.write(structure, () -> {
      List<E> doomed = new ArrayList<>();
      for (E e : core.locked(this::snapshotLocked)) {
        if (filter.test(e)) {
          doomed.add(e);
        }
      }
      return apply(List.of(), doomed);
    });
  }

  @Override
  public void clear() {
    core.write(structure, () -> apply(List.of(), new ArrayList<>(data)));
  }

  /** Under the graph lock. */
  private boolean insert(E e) {
    return !data.contains(e) && apply(List.of(e), List.of());
  }

  /** Under the graph lock. */
  private boolean delete(Object o) {
    return data.contains(o) && apply(List.of(), List.of(o));
  }

  /**
   * Under the graph lock: adds {@code additions} (absent elements) and removes {@code removals}
   * (present ones) in one leaf-locked step, so that even plain readers see the whole operation or none
   * of it, then bumps the elements' nodes and the structure. Returns whether anything changed.
   */
  private boolean apply(List<E> additions, List<?> removals) {
    if (additions.isEmpty() && removals.isEmpty()) {
      return false;
    }
    core.lockedRun(() -> {
      data.addAll(additions);
      for (Object o : removals) {
        data.remove(o);
      }
      snapshot = null;
    });
    for (E e : additions) {
      elements.changed(e);
    }
    for (Object o : removals) {
      elements.removed(o);
    }
    structure.bump();
    return true;
  }

  // ---------------------------------------------------------------------------------------------

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || snapshot().equals(o);
  }

  @Override
  public int hashCode() {
    return snapshot().hashCode();
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
