package dev.weft.bench.framework;

import org.jspecify.annotations.Nullable;

/**
 * A bound on the work one write may cause, for the adapters of libraries without batching or
 * glitch-freedom (JavaFX, RxJava, Reactor). There, every intermediate value re-propagates, and on
 * a layered graph the number of runs per write grows exponentially with depth (cellx: about
 * 2^layers), so the write would never finish. Work is counted in steps: one per computation run
 * and one per value it reads. A write that takes more than {@link #LIMIT} steps is abandoned:
 * further runs are refused (a refused run throws the failure inside the library, which stops that
 * path), and the write throws, which the scenario records as a failure. The failure is sticky
 * until {@link #reset()}. A legitimate write in these scenarios takes at most a few hundred
 * thousand steps (cellx 2500: 10,000 runs of one or two reads; 25-1000x5: ~3,000 runs of 25).
 *
 * <p>The first error a library reported asynchronously (to an {@code onError} consumer) is kept
 * and thrown the same way.
 *
 * <p>Threading: confined to the benchmark thread, like its adapter.
 */
final class PropagationBudget {

  /** Steps one write may take. */
  static final long LIMIT = 20_000_000;

  private final String library;
  private long used;
  private @Nullable RuntimeException failure;

  PropagationBudget(String library) {
    this.library = library;
  }

  /** Starts counting the runs of a new write. */
  void startWrite() {
    used = 0;
  }

  /**
   * Accounts for work.
   *
   * @param steps one per computation run plus one per value it reads
   * @return {@code false} when the write is over budget (or failed) and the work must not happen
   */
  boolean tryCharge(long steps) {
    if (failure != null) {
      return false;
    }
    used += steps;
    if (used > LIMIT) {
      failure =
          new IllegalStateException(
              library
                  + ": one write took more than "
                  + LIMIT
                  + " steps (runs and reads): glitch propagation grows exponentially with graph"
                  + " depth; the write was abandoned");
      return false;
    }
    return true;
  }

  /**
   * Accounts for work, throwing inside the library to stop the propagation.
   *
   * @param steps one per computation run plus one per value it reads
   * @throws IllegalStateException the failure, when over budget or failed
   */
  void charge(long steps) {
    if (!tryCharge(steps)) {
      throwIfFailed();
    }
  }

  /**
   * Records the first error the library delivered to an error consumer; later ones (including the
   * budget failure travelling through the library) are ignored.
   *
   * @param error the error
   */
  void recordError(Throwable error) {
    if (failure != null) {
      return;
    }
    failure =
        error instanceof RuntimeException re
            ? re
            : new IllegalStateException(library + " reported " + error, error);
  }

  /**
   * Throws the recorded failure, if any, to the writer.
   *
   * @throws RuntimeException the failure
   */
  void throwIfFailed() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }

  /** Forgets the failure: the next graph starts clean. */
  void reset() {
    failure = null;
    used = 0;
  }
}
