package dev.weft;

import java.util.Set;

/**
 * A thread-safe {@link Set} whose {@code contains(e)} is tracked per element, while {@code size()} and
 * iteration depend on the whole membership. Adding a present element notifies nobody. Iterators are
 * snapshots: they never throw {@link java.util.ConcurrentModificationException}.
 *
 * @param <E> the element type
 */
public interface ReactiveSet<E> extends Set<E> {}
