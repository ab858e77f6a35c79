package dev.weft;

import java.util.List;

/**
 * A thread-safe {@link List} whose reads are tracked per index: {@code get(i)} depends on index
 * {@code i} only, while {@code size()}, iteration, search and views depend on the structure. Setting an
 * equal element notifies nobody. Iterators are snapshots: they never throw {@link
 * java.util.ConcurrentModificationException} and do not see later writes.
 *
 * @param <E> the element type
 */
public interface ReactiveList<E> extends List<E> {}
