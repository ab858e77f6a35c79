package dev.weft;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** {@link TaskFactory#of(Executor)}: each run is one {@code execute}; cancel interrupts a started run. */
final class ExecutorTaskFactory implements TaskFactory {
  private final Executor executor;

  ExecutorTaskFactory(Executor executor) {
    this.executor = executor;
  }

  @Override
  public Task start(Runnable work) {
    java.util.Objects.requireNonNull(work, "work");
    ThreadTask task = new ThreadTask(work);
    try {
      executor.execute(task::runOnCurrentThread);
    } catch (RejectedExecutionException e) {
      task.abandon();
      throw e;
    }
    return task;
  }

  @Override
  public String toString() {
    return "TaskFactory.of(" + executor + ")";
  }
}
