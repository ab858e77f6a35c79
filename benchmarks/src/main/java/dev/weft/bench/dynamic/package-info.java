/**
 * The dynamic dependency graphs of the js-reactivity-benchmark (Reactively style): rectangular
 * graphs of static and dynamic computed nodes, seeded by the same PRNG, and their JMH benchmark.
 */
@NullMarked
package dev.weft.bench.dynamic;

import org.jspecify.annotations.NullMarked;
