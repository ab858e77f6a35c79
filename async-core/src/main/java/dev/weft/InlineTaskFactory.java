package dev.weft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link TaskFactory#inline()}: the run happens on the calling thread before {@code start} returns.
 * Cancelling cannot interrupt anything; the graph drops a cancelled run's result. Stateless.
 */
final class InlineTaskFactory implements TaskFactory {
  static final InlineTaskFactory INSTANCE = new InlineTaskFactory();
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private InlineTaskFactory() {}

  @Override
  public Task start(Runnable work) {
    java.util.Objects.requireNonNull(work, "work");
    work.run();
    return new Task() {
      @Override
      public void cancel() {}

      @Override
      public CompletionStage<Void> done() {
        return DONE;
      }
    };
  }

  @Override
  public String toString() {
    return "TaskFactory.inline()";
  }
}
