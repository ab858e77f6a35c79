package dev.weft.bench.check;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JMH auxiliary counter carrying the correctness verdict of a benchmark into its results: a
 * secondary metric {@code failedChecks} that is zero exactly when every check passed. Benchmark
 * methods copy {@link Checks#failures()} into it after each operation.
 *
 * <p>Threading: one instance per benchmark thread ({@link Scope#Thread}), as JMH requires.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CheckCounters {

  /** Failed checks of this trial so far (cumulative); zero means the framework passes. */
  public long failedChecks;

  /**
   * Copies the verdict of a trial.
   *
   * @param checks the trial's checks
   */
  public void record(Checks checks) {
    failedChecks = checks.failures();
  }
}
