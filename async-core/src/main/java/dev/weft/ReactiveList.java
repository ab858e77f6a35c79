package dev.weft;

import java.util.List;

/**
 * A thread-safe {@link List} whose reads are tracked per index, created by {@link
 * Graph#reactiveList()} or {@link Weft#reactiveList()}. Null elements are rejected with {@link
 * NullPointerException}.
 *
 * <h2>What a computation depends on</h2>
 *
 * Inside a derived function or an effect body (sync or async) of the list's graph:
 *
 * <ul>
 *   <li>{@code get(i)} and {@code getFirst()} depend on index {@code i} only: they rerun when the element
 *       at {@code i} changes by {@link Object#equals} (also when an insertion or removal shifts a
 *       different element there) and when {@code i} comes into or goes out of range; a read that threw
 *       {@link IndexOutOfBoundsException} reruns once the index exists;
 *   <li>{@code size()} and {@code isEmpty()} depend on the size;
 *   <li>iteration, {@code contains}, {@code indexOf}, {@code getLast}, {@code equals}, {@code hashCode},
 *       {@code toString} and the rest depend on the contents: they rerun on any change.
 * </ul>
 *
 * Setting an equal element notifies nobody; a write that leaves an index's element equal (a sort of a
 * sorted list, a shift over equal neighbours) reruns none of that index's readers.
 *
 * <h2>Writes and what a reader sees</h2>
 *
 * As for {@link ReactiveMap}: every write (including {@code addAll}, {@code removeIf}, {@code
 * replaceAll}, {@code sort}, {@code clear} and {@code subList(..).clear()}) is atomic, runs as one
 * batch, is refused inside a derived function or a computation of another graph, and runs functions
 * under the graph's lock before anything changes. Iterators and list iterators walk an immutable
 * snapshot taken when they are created: they never throw {@link
 * java.util.ConcurrentModificationException}, never see later writes, and cannot modify the list
 * ({@link UnsupportedOperationException}: use {@code removeIf}, {@code replaceAll} or the index-based
 * methods). {@code subList} returns a live view addressing the list by index offset: it never throws
 * {@code ConcurrentModificationException}, and after a structural change made not through it, it
 * addresses whatever elements are at its indices then.
 *
 * @param <E> the element type
 */
public interface ReactiveList<E> extends List<E> {}
