package dev.weft.bench.framework;

import java.util.Arrays;
import java.util.IdentityHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The distinct objects a computation read, in first-read order, compared by identity. Used by the
 * adapters of libraries without automatic dependency tracking to find what a function depends on.
 *
 * <p>A rerun usually reads what the previous run read, in the same order: {@link #begin} takes
 * the previous dependencies and reads are matched against them by position, without copying or
 * hashing, until the first divergence.
 *
 * <p>Threading: confined to the thread running the computation.
 */
final class ReadSet {

  private static final Object[] NONE = new Object[0];

  /** Above this size a lookup index replaces the linear scan. */
  private static final int SCAN_LIMIT = 16;

  /** The previous dependencies while reads still match them. */
  private Object[] expected = NONE;
  /** Reads matched so far against {@link #expected}; -1 once diverged. */
  private int matched;

  private Object[] items = new Object[8];
  private int size;
  private @Nullable IdentityHashMap<Object, Boolean> index;

  /**
   * Starts recording a run.
   *
   * @param previous the dependencies of the previous run (empty for a first run)
   */
  void begin(Object[] previous) {
    Arrays.fill(items, 0, size, null);
    size = 0;
    index = null;
    expected = previous;
    matched = 0;
  }

  /**
   * Records a read; a repeated read of the same object is ignored.
   *
   * @param item what was read
   */
  void add(Object item) {
    int m = matched;
    if (m >= 0) {
      if (m < expected.length && expected[m] == item) {
        matched = m + 1;
        return;
      }
      if (m > 0 && expected[m - 1] == item) {
        return; // the same object read again
      }
      diverge();
    }
    addDistinct(item);
  }

  private void diverge() {
    int m = matched;
    matched = -1;
    for (int i = 0; i < m; i++) {
      addDistinct(expected[i]);
    }
    expected = NONE;
  }

  private void addDistinct(Object item) {
    if (index != null) {
      if (index.put(item, Boolean.TRUE) != null) {
        return;
      }
    } else {
      for (int i = 0; i < size; i++) {
        if (items[i] == item) {
          return;
        }
      }
      if (size == SCAN_LIMIT) {
        index = new IdentityHashMap<>();
        for (int i = 0; i < size; i++) {
          index.put(items[i], Boolean.TRUE);
        }
        index.put(item, Boolean.TRUE);
      }
    }
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = item;
  }

  /**
   * Tells whether the run read exactly the previous dependencies, in the same order.
   *
   * @return {@code true} when nothing changed
   */
  boolean unchanged() {
    return matched >= 0 && matched == expected.length;
  }

  /**
   * Copies the distinct reads into an array of the given type.
   *
   * @param empty a zero-length array of the element type
   * @param <E> the element type
   * @return the reads, in first-read order
   */
  @SuppressWarnings("unchecked")
  <E> E[] toArray(E[] empty) {
    if (matched >= 0) {
      // every read matched a prefix of the previous dependencies
      return (E[]) Arrays.copyOf(expected, matched, empty.getClass());
    }
    return (E[]) Arrays.copyOf(items, size, empty.getClass());
  }
}
