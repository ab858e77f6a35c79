package dev.weft.reactor;

import dev.weft.Task;
import dev.weft.TaskFactory;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.scheduler.Scheduler;

/**
 * {@link ReactorTaskFactory#of(Scheduler)}: one {@link Scheduler.Worker} per run (see the class
 * Javadoc there for why). Stateless apart from the scheduler; safe from any thread.
 */
final class SchedulerTaskFactory implements TaskFactory {
  private final Scheduler scheduler;

  SchedulerTaskFactory(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public Task start(Runnable work) {
    Scheduler.Worker worker;
    try {
      worker = scheduler.createWorker();
    } catch (RejectedExecutionException e) {
      throw rejected(work, e);
    }
    WorkerRun run = new WorkerRun(work, worker);
    try {
      worker.schedule(run::runOnWorker);
    } catch (RejectedExecutionException e) {
      run.abandon();
      throw rejected(work, e);
    }
    return run;
  }

  private RejectedExecutionException rejected(Runnable work, RejectedExecutionException cause) {
    return new RejectedExecutionException(
        "Reactor scheduler " + scheduler + " rejected " + work
            + " (is it disposed?); give the graph a live scheduler", cause);
  }

  @Override
  public String toString() {
    return "ReactorTaskFactory.of(" + scheduler + ")";
  }
}
