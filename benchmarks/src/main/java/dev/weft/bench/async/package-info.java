/**
 * Weft's async tier (async derived rerun latency next to a bare virtual thread, 100k async
 * derived values over one source, async effect rerun throughput per task factory) and write
 * contention (writers on 1, 2, 4 threads into one graph and into separate graphs).
 */
@NullMarked
package dev.weft.bench.async;

import org.jspecify.annotations.NullMarked;
