package dev.weft;

import java.util.Map;

/**
 * A thread-safe {@link Map} whose reads are tracked per key: {@code get(k)} depends on key {@code k}
 * only, while {@code size()}, iteration, {@code containsKey}, {@code containsValue} and the views depend
 * on the structure (the set of keys). Writing an equal value to a key notifies nobody. Iterators and
 * views are snapshots taken when created: they never throw {@link
 * java.util.ConcurrentModificationException} and do not see later writes.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface ReactiveMap<K, V> extends Map<K, V> {}
