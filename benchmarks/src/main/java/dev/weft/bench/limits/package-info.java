/**
 * The costs of issue 10's limits: a million signals in one graph, a fan-out of 100,000 effects, a
 * chain of 100,000 derived values, 10,000 async derived values in flight at once. Times through JMH
 * ({@link dev.weft.bench.limits.LimitsBenchmark}); retained heap through {@link
 * dev.weft.bench.limits.LimitsHeap} (Serial GC, as the memory table).
 */
@NullMarked
package dev.weft.bench.limits;

import org.jspecify.annotations.NullMarked;
