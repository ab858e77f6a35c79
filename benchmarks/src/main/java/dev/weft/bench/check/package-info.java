/**
 * Correctness bookkeeping shared by every scenario: {@link dev.weft.bench.check.Checks} records
 * failed expectations instead of throwing, so a framework that cannot express a scenario still
 * runs it and is reported as failing; {@link dev.weft.bench.check.CheckCounters} exposes the count
 * to JMH's result files.
 */
@NullMarked
package dev.weft.bench.check;

import org.jspecify.annotations.NullMarked;
