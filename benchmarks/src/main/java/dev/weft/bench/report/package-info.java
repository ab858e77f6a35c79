/**
 * Turns JMH JSON results into the Markdown tables and the PNG chart of BENCHMARKS.md: per suite,
 * each framework's time with its pass/fail verdict, the fastest passing peer, Weft's ratios to the
 * peers and to the alien-signals reference numbers, and whether the targets are met.
 */
@NullMarked
package dev.weft.bench.report;

import org.jspecify.annotations.NullMarked;
