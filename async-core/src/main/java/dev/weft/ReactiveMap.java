package dev.weft;

import java.util.Map;

/**
 * A thread-safe {@link Map} whose reads are tracked per key, created by {@link Graph#reactiveMap()} or
 * {@link Weft#reactiveMap()}. Iterates in insertion order; null keys and values are rejected with
 * {@link NullPointerException} naming the parameter.
 *
 * <h2>What a computation depends on</h2>
 *
 * Inside a derived function or an effect body (sync or async) of the map's graph:
 *
 * <ul>
 *   <li>{@code get(k)}, {@code getOrDefault(k, d)}, {@code entrySet().contains(e)} depend on key {@code
 *       k} only: they rerun when {@code k}'s value changes, or {@code k} is added or removed, never
 *       for writes to other keys;
 *   <li>{@code size()}, {@code isEmpty()}, {@code containsKey}, and the key set's iteration depend on the
 *       structure (the set of keys): they rerun when a key is added or removed;
 *   <li>{@code containsValue}, iteration of {@code values()} and {@code entrySet()}, {@code forEach},
 *       {@code equals}, {@code hashCode} and {@code toString} depend on the contents: they rerun on any
 *       change.
 * </ul>
 *
 * Writing a value equal ({@link Object#equals}) to the current one changes nothing and notifies
 * nobody; the current instance stays. Reads outside computations are plain reads and cost no tracking
 * state.
 *
 * <h2>Writes</h2>
 *
 * Every write, including {@code putAll}, {@code clear}, {@code compute*}, {@code merge}, {@code
 * replaceAll} and the views' {@code removeIf}/{@code removeAll}/{@code retainAll}, is atomic and runs
 * as one batch of the graph: effects rerun once, when it ends (or when the caller's enclosing {@link
 * Graph#batch} ends), and every effect run sees the whole write or none of it. Functions passed to
 * writes run once, untracked, under the graph's lock, like a batch body, before anything changes (so a
 * function that throws changes nothing); they must not write this map. A write throws {@link
 * IllegalStateException} inside a derived function, and inside a computation of another graph (it
 * would take this graph's lock under the other's); effects' errors are rethrown to the writer as for
 * {@link Signal#set}.
 *
 * <h2>What a reader sees</h2>
 *
 * A single operation is atomic for every reader, also outside computations: e.g. an iteration never
 * sees half of a {@code putAll}. Several writes grouped in a {@link Graph#batch} are atomic for the
 * computations of the graph, but a plain reader on another thread may see them one by one (as it would
 * see signal writes). Iterators, {@code forEach}, streams, {@code toArray} and {@code toString} walk an
 * immutable snapshot taken when they start: they never throw {@link
 * java.util.ConcurrentModificationException} and do not see later writes. The views ({@code keySet},
 * {@code values}, {@code entrySet}) are live: their {@code size} and {@code contains} read the current
 * map, and each of their iterations takes a new snapshot. {@code Iterator.remove()} removes the last
 * returned key from the map (whatever it maps to now); {@code Map.Entry.setValue} puts into the map.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface ReactiveMap<K, V> extends Map<K, V> {}
