package dev.weft;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Where async runs execute. Every run of an {@link AsyncDerived} or {@link AsyncEffect} goes through its
 * factory, so a factory can own, count, name or confine them. A user factory can wrap another:
 * {@code work -> { count(); return base.start(work); }}.
 *
 * <p>The graph never starts two runs of one node at once through a factory; a factory need not
 * serialise anything itself.
 */
@FunctionalInterface
public interface TaskFactory {

  /**
   * Starts {@code work} (which never throws) and returns a handle to cancel it and await its end.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the factory no longer accepts work
   */
  Task start(Runnable work);

  /** One new virtual thread per run, named after the node ({@code weft-<node>-N}): the default. */
  static TaskFactory virtualThreads() {
    return VirtualThreadTaskFactory.INSTANCE;
  }

  /**
   * Runs the work on the calling thread before {@code start} returns: deterministic tests. Cancelling
   * marks the run stale; a run is never interrupted.
   */
  static TaskFactory inline() {
    return InlineTaskFactory.INSTANCE;
  }

  /**
   * Submits each run to {@code executor}; cancelling interrupts the run if it has started.
   *
   * @throws NullPointerException if {@code executor} is null
   */
  static TaskFactory of(Executor executor) {
    return new ExecutorTaskFactory(Objects.requireNonNull(executor, "executor"));
  }

  /**
   * A factory that owns every run it starts on its own virtual threads: {@link
   * StructuredTaskFactory#close()} interrupts the runs in flight, waits for all of them, then rejects
   * new ones. Plain JDK 25, no preview features.
   */
  static StructuredTaskFactory structured() {
    return new OwningTaskFactory();
  }
}
