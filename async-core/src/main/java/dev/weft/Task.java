package dev.weft;

import java.util.concurrent.CompletionStage;

/** One run started by a {@link TaskFactory}. */
public interface Task {

  /**
   * Asks the run to stop: factories that own their threads interrupt it; others (an event loop) only
   * mark it, and the graph drops its result. Idempotent.
   */
  void cancel();

  /** Completes (normally) once the run has ended, however it ended. */
  CompletionStage<Void> done();
}
