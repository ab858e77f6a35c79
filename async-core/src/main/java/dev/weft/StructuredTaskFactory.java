package dev.weft;

/**
 * A {@link TaskFactory} that owns its runs, for use in try-with-resources: no run outlives the block.
 */
public interface StructuredTaskFactory extends TaskFactory, AutoCloseable {

  /**
   * Cancels (interrupts) the runs in flight, waits until every run has ended, then rejects new work
   * with {@link java.util.concurrent.RejectedExecutionException}. Idempotent. If the calling thread
   * is interrupted while waiting, it keeps waiting and re-asserts the interrupt afterwards.
   */
  @Override
  void close();
}
