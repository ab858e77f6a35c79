/**
 * The S.js-style creation and update benchmark (sbench) of the js-reactivity-benchmark, where
 * creation and disposal are part of the timing, and its JMH benchmark.
 */
@NullMarked
package dev.weft.bench.sbench;

import org.jspecify.annotations.NullMarked;
