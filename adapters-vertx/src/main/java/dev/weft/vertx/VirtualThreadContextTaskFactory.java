package dev.weft.vertx;

import dev.weft.Task;
import dev.weft.TaskFactory;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link VertxTaskFactory#virtualThreads}: each run gets a fresh Vert.x virtual-thread context and runs
 * as that context's task, on a Vert.x virtual thread. Inside the body {@code Vertx.currentContext()} is
 * that context, {@code Future.await()} suspends the virtual thread (the context stays free for its other
 * tasks), and handlers the body registers run on it. Cancelling interrupts the run.
 *
 * <p>Why one context per run and not one per factory: a Vert.x context runs one task at a time, and
 * only {@code Future.await()} lets another task in. A body that blocks some other way (for instance
 * awaiting another async derived of the same factory, or a JDK lock) would otherwise hold up, or
 * deadlock with, every other node using the factory. Contexts are cheap (no thread, no registration).
 *
 * <p>Threads: {@code start} from any thread. Stateless apart from the Vert.x instance.
 */
final class VirtualThreadContextTaskFactory implements TaskFactory {
  private final VertxInternal vertx;

  VirtualThreadContextTaskFactory(VertxInternal vertx) {
    this.vertx = vertx;
  }

  @Override
  public Task start(Runnable work) {
    Objects.requireNonNull(work, "work");
    ContextTask task = new ContextTask(work, true, null);
    try {
      ContextInternal context = vertx.createVirtualThreadContext();
      context.runOnContext(ignored -> task.run());
    } catch (RejectedExecutionException e) {
      task.abandon();
      throw new RejectedExecutionException(
          "VertxTaskFactory.virtualThreads: Vert.x no longer accepts tasks (is it closed?) for " + work, e);
    }
    return task;
  }

  @Override
  public String toString() {
    return "VertxTaskFactory.virtualThreads(" + vertx + ")";
  }
}
