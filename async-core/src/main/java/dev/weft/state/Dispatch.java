package dev.weft.state;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A handle on one event dispatched by {@link EventRuntime#dispatch}: queued, running or done.
 * Safe to use from any thread.
 */
public interface Dispatch {

  /** The event name. */
  String event();

  /** The session the event runs for. */
  SessionState session();

  /**
   * The mutations the run made so far: partial while the handler runs, final once it is done. Same
   * format as {@link DispatchResult#mutations()}; immutable.
   */
  Map<String, @Nullable Object> mutations();

  /**
   * Completes with the result once the handler and its middlewares finished (or the run was cancelled
   * or could not start). Never completes exceptionally: failures are reported as {@code ok = false}.
   * Each call returns a new dependent future, so completing it does not affect the dispatch.
   */
  CompletableFuture<DispatchResult> result();

  /**
   * Waits for the result; cheap on a virtual thread.
   *
   * @throws java.util.concurrent.CancellationException if the waiting thread is interrupted (its
   *     interrupt status is kept)
   */
  DispatchResult await();

  /** Returns whether the result is available. */
  boolean isDone();

  /**
   * Cancels the run: a queued run never starts, a running handler is interrupted (with the default
   * task factory). The result then reports {@code ok = false}. No effect once done. Idempotent.
   */
  void cancel();
}
