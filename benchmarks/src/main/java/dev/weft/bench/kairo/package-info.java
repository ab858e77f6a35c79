/**
 * The nine kairo scenarios of the js-reactivity-benchmark (avoidable, broad, deep, diamond, mux,
 * repeated observers, triangle, unstable, molBench) and their JMH benchmark.
 */
@NullMarked
package dev.weft.bench.kairo;

import org.jspecify.annotations.NullMarked;
