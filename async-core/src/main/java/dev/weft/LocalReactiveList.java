package dev.weft;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReactiveList}: an {@link ArrayList} plus the nodes that tell readers what changed.
 *
 * <h2>What each read depends on</h2>
 *
 * <ul>
 *   <li>{@code get(i)}, {@code getFirst()}: the node of index {@code i}, bumped when the element at
 *       {@code i} changes ({@code equals}), including when an insertion or removal shifts a different
 *       element there and when {@code i} comes into or goes out of range;
 *   <li>{@code size}, {@code isEmpty}: {@link #sizeNode}, bumped when the size changes;
 *   <li>everything else (iteration, search, {@code getLast}, {@code equals}, {@code hashCode}, {@code
 *       toString}): {@link #contents}, bumped on every change.
 * </ul>
 *
 * Every write is expressed as "replace the elements from index {@code from} on" ({@link #replaceFrom}),
 * which compares old and new elements only at the indices someone reads reactively, so a change that
 * leaves an index's element equal reruns none of its readers (e.g. a sort of an already sorted list
 * bumps nothing). {@link #modCount} is never incremented, so {@link #subList} views never throw {@link
 * java.util.ConcurrentModificationException}.
 *
 * <p>Threads: as {@link LocalReactiveMap}: {@link #data} is written only while holding both the graph
 * lock and the leaf lock ({@link CollectionCore}); {@link #snapshot} is an immutable copy built lazily
 * under the leaf lock and cleared by every change; the nodes are guarded by the graph lock.
 */
final class LocalReactiveList<E> extends AbstractList<E> implements ReactiveList<E>, RandomAccess {
  private final CollectionCore core;
  private final ArrayList<E> data = new ArrayList<>();
  private final KeyNodes indices;
  private final VersionNode sizeNode;
  private final VersionNode contents;
  private volatile @Nullable List<E> snapshot;

  LocalReactiveList(Kernel kernel) {
    this.core = new CollectionCore(kernel, "reactive list");
    this.indices = new KeyNodes(kernel, "reactive list index");
    this.sizeNode = new VersionNode(kernel, "reactive list");
    this.contents = new VersionNode(kernel, "reactive list contents");
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public int size() {
    return core.read(sizeNode, data::size);
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  /**
   * {@inheritDoc} Tracked per index, also when out of range: a computation that caught the exception
   * reruns once index {@code index} exists.
   */
  @Override
  public E get(int index) {
    if (index < 0) {
      throw new IndexOutOfBoundsException("index " + index + " is negative");
    }
    return core.read(indices, index, () -> {
      if (index >= data.size()) {
        throw outOfBounds(index, data.size());
      }
      return data.get(index);
    });
  }

  @Override
  public E getFirst() {
    return core.read(indices, 0, () -> {
      if (data.isEmpty()) {
        throw new NoSuchElementException("getFirst() on an empty reactive list");
      }
      return data.getFirst();
    });
  }

  @Override
  public E getLast() {
    return core.read(contents, () -> {
      if (data.isEmpty()) {
        throw new NoSuchElementException("getLast() on an empty reactive list");
      }
      return data.getLast();
    });
  }

  @Override
  public boolean contains(Object o) {
    Objects.requireNonNull(o, "element");
    return snapshot().contains(o);
  }

  @Override
  public boolean containsAll(Collection<?> c) {
    Objects.requireNonNull(c, "c");
    return snapshot().containsAll(c);
  }

  @Override
  public int indexOf(Object o) {
    Objects.requireNonNull(o, "element");
    return snapshot().indexOf(o);
  }

  @Override
  public int lastIndexOf(Object o) {
    Objects.requireNonNull(o, "element");
    return snapshot().lastIndexOf(o);
  }

  /** {@inheritDoc} The iterator walks a snapshot and cannot modify the list. */
  @Override
  public Iterator<E> iterator() {
    return new ReadOnlyListIterator<>(snapshot().listIterator());
  }

  /** {@inheritDoc} The iterator walks a snapshot and cannot modify the list. */
  @Override
  public ListIterator<E> listIterator() {
    return new ReadOnlyListIterator<>(snapshot().listIterator());
  }

  /** {@inheritDoc} The iterator walks a snapshot and cannot modify the list. */
  @Override
  public ListIterator<E> listIterator(int index) {
    return new ReadOnlyListIterator<>(snapshot().listIterator(index));
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

  /** The current snapshot, read as a dependency on the contents. */
  private List<E> snapshot() {
    return core.read(contents, this::snapshotLocked);
  }

  /** Under the leaf lock: the snapshot of {@link #data}, copied if a change cleared it. */
  private List<E> snapshotLocked() {
    List<E> s = snapshot;
    if (s == null) {
      s = List.copyOf(data);
      snapshot = s;
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes: each runs in core.write, under the graph lock, as one batch

  @Override
  public E set(int index, E element) {
    Objects.requireNonNull(element, "element");
    return core.write(sizeNode, () -> {
      checkIndex(index);
      E old = data.get(index);
      if (old.equals(element)) {
        return old;
      }
      core.lockedRun(() -> {
        data.set(index, element);
        snapshot = null;
      });
      indices.changed(index);
      contents.bump();
      return old;
    });
  }

  @Override
  public boolean add(E element) {
    Objects.requireNonNull(element, "element");
    return core.write(sizeNode, () -> {
      replaceFrom(data.size(), List.of(element));
      return true;
    });
  }

  @Override
  public void add(int index, E element) {
    Objects.requireNonNull(element, "element");
    core.write(sizeNode, () -> {
      checkPosition(index);
      List<E> tail = new ArrayList<>(data.size() - index + 1);
      tail.add(element);
      tail.addAll(data.subList(index, data.size()));
      replaceFrom(index, tail);
      return null;
    });
  }

  @Override
  public E remove(int index) {
    return core.write(sizeNode, () -> {
      checkIndex(index);
      return removeAt(index);
    });
  }

  @Override
  public boolean remove(Object o) {
    Objects.requireNonNull(o, "element");
    return core.write(sizeNode, () -> {
      int i = data.indexOf(o);
      if (i < 0) {
        return false;
      }
      removeAt(i);
      return true;
    });
  }

  @Override
  public E removeFirst() {
    return core.write(sizeNode, () -> {
      if (data.isEmpty()) {
        throw new NoSuchElementException("removeFirst() on an empty reactive list");
      }
      return removeAt(0);
    });
  }

  @Override
  public E removeLast() {
    return core.write(sizeNode, () -> {
      if (data.isEmpty()) {
        throw new NoSuchElementException("removeLast() on an empty reactive list");
      }
      return removeAt(data.size() - 1);
    });
  }

  /** Appends every element of {@code c} as one batch. */
  @Override
  public boolean addAll(Collection<? extends E> c) {
    List<E> copy = copyOf(c);
    return core.write(sizeNode, () -> {
      if (copy.isEmpty()) {
        return false;
      }
      replaceFrom(data.size(), copy);
      return true;
    });
  }

  /** Inserts every element of {@code c} at {@code index} as one batch. */
  @Override
  public boolean addAll(int index, Collection<? extends E> c) {
    List<E> copy = copyOf(c);
    return core.write(sizeNode, () -> {
      checkPosition(index);
      if (copy.isEmpty()) {
        return false;
      }
      List<E> tail = new ArrayList<>(copy.size() + data.size() - index);
      tail.addAll(copy);
      tail.addAll(data.subList(index, data.size()));
      replaceFrom(index, tail);
      return true;
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
    return core.write(sizeNode, () -> {
      int first = -1;
      List<E> kept = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        E e = data.get(i);
        if (filter.test(e)) {
          if (first < 0) {
            first = i;
          }
        } else if (first >= 0) {
          kept.add(e);
        }
      }
      if (first < 0) {
        return false;
      }
      replaceFrom(first, kept);
      return true;
    });
  }

  /**
   * {@inheritDoc} Atomic: every new element is computed (under the graph lock) before any is stored,
   * so a throwing {@code operator} changes nothing. Indices whose element stays equal notify nobody.
   *
   * @throws NullPointerException if {@code operator} returns null
   */
  @Override
  public void replaceAll(UnaryOperator<E> operator) {
    Objects.requireNonNull(operator, "operator");
    core.write(sizeNode, () -> {
      List<E> next = new ArrayList<>(data.size());
      for (E e : data) {
        next.add(Objects.requireNonNull(operator.apply(e),
            "replaceAll operator returned null: a reactive list holds no null elements"));
      }
      replaceFrom(0, next);
      return null;
    });
  }

  /**
   * {@inheritDoc} Atomic; indices whose element stays equal notify nobody. {@code comparator} runs
   * under the graph lock; if it throws, the list is unchanged.
   */
  @Override
  @SuppressWarnings("unchecked")
  public void sort(@Nullable Comparator<? super E> comparator) {
    core.write(sizeNode, () -> {
      Object[] sorted = data.toArray();
      Arrays.sort(sorted, (Comparator<Object>) comparator);
      replaceFrom(0, (List<E>) Arrays.asList(sorted));
      return null;
    });
  }

  @Override
  public void clear() {
    core.write(sizeNode, () -> {
      replaceFrom(0, List.of());
      return null;
    });
  }

  /** Removes {@code [from, to)} as one batch; {@code subList(from, to).clear()} ends here. */
  @Override
  protected void removeRange(int from, int to) {
    core.write(sizeNode, () -> {
      Objects.checkFromToIndex(from, to, data.size());
      if (from < to) {
        replaceFrom(from, new ArrayList<>(data.subList(to, data.size())));
      }
      return null;
    });
  }

  /** Under the graph lock: removes and returns the element at a valid {@code index}. */
  private E removeAt(int index) {
    E old = data.get(index);
    replaceFrom(index, new ArrayList<>(data.subList(index + 1, data.size())));
    return old;
  }

  /**
   * Under the graph lock: replaces the elements from {@code from} on by {@code tail}, then bumps the
   * node of every tracked index at or after {@code from} whose element changed (dropping those now out
   * of range if unwatched), the size node if the size changed, and the contents node. Does nothing if
   * the new elements equal the old ones.
   */
  private void replaceFrom(int from, List<E> tail) {
    int oldSize = data.size();
    List<E> oldTail = new ArrayList<>(data.subList(from, oldSize));
    int newSize = from + tail.size();
    if (oldTail.equals(tail)) {
      return;
    }
    core.lockedRun(() -> {
      data.subList(from, oldSize).clear();
      data.addAll(tail);
      snapshot = null;
    });
    for (VersionNode n : indices.all()) {
      int i = (Integer) Objects.requireNonNull(n.key);
      if (i < from) {
        continue;
      }
      Object before = i < oldSize ? oldTail.get(i - from) : null;
      Object after = i < newSize ? tail.get(i - from) : null;
      if (after == null) {
        if (before != null) {
          indices.removed(i);
        }
      } else if (!after.equals(before)) {
        n.bump();
      }
    }
    if (oldSize != newSize) {
      sizeNode.bump();
    }
    contents.bump();
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= data.size()) {
      throw outOfBounds(index, data.size());
    }
  }

  private void checkPosition(int index) {
    if (index < 0 || index > data.size()) {
      throw new IndexOutOfBoundsException("position " + index
          + " is out of bounds for a reactive list of size " + data.size());
    }
  }

  private static IndexOutOfBoundsException outOfBounds(int index, int size) {
    return new IndexOutOfBoundsException(
        "index " + index + " is out of bounds for a reactive list of size " + size);
  }

  private static <E> List<E> copyOf(Collection<? extends E> c) {
    Objects.requireNonNull(c, "c");
    List<E> copy = new ArrayList<>(c.size());
    for (E e : c) {
      copy.add(Objects.requireNonNull(e, "element"));
    }
    return copy;
  }

  /** How many per-index nodes exist; for tests. Takes the graph lock. */
  int indexNodeCount() {
    core.kernel.lock.lock();
    try {
      return indices.size();
    } finally {
      core.kernel.lock.unlock();
    }
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

  /** A list iterator over a snapshot that refuses modifications with a message saying why. */
  private record ReadOnlyListIterator<E>(ListIterator<E> it) implements ListIterator<E> {
    private static final String WHY = "iterators of a reactive list walk a snapshot and cannot"
        + " modify the list: use its removeIf, replaceAll or index-based methods instead";

    @Override
    public boolean hasNext() {
      return it.hasNext();
    }

    @Override
    public E next() {
      return it.next();
    }

    @Override
    public boolean hasPrevious() {
      return it.hasPrevious();
    }

    @Override
    public E previous() {
      return it.previous();
    }

    @Override
    public int nextIndex() {
      return it.nextIndex();
    }

    @Override
    public int previousIndex() {
      return it.previousIndex();
    }

    @Override
    public void remove() {
      throw new UnsupportedOperationException(WHY);
    }

    @Override
    public void set(E e) {
      throw new UnsupportedOperationException(WHY);
    }

    @Override
    public void add(E e) {
      throw new UnsupportedOperationException(WHY);
    }
  }
}
