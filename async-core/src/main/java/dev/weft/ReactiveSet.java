package dev.weft;

import java.util.Set;

/**
 * A thread-safe {@link Set} whose {@code contains(e)} is tracked per element, created by {@link
 * Graph#reactiveSet()} or {@link Weft#reactiveSet()}. Iterates in insertion order; null elements are
 * rejected with {@link NullPointerException}.
 *
 * <p>Inside a computation of the set's graph, {@code contains(e)} depends on {@code e} only (it reruns
 * when {@code e} is added or removed); {@code size()}, iteration, {@code containsAll}, {@code equals},
 * {@code hashCode} and {@code toString} depend on the whole membership. Adding a present element or
 * removing an absent one notifies nobody.
 *
 * <p>Writes and what a reader sees: as for {@link ReactiveMap}. Every write, including {@code addAll},
 * {@code removeAll}, {@code retainAll}, {@code removeIf} and {@code clear}, is atomic and runs as one
 * batch. Iterators walk an immutable snapshot taken when they are created: they never throw {@link
 * java.util.ConcurrentModificationException}; their {@code remove()} removes the last returned element
 * from the set.
 *
 * @param <E> the element type
 */
public interface ReactiveSet<E> extends Set<E> {}
