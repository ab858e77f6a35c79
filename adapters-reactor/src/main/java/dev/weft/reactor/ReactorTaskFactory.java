package dev.weft.reactor;

import dev.weft.TaskFactory;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;

/**
 * {@link TaskFactory}s that run the async nodes of a graph on a Project Reactor {@link Scheduler}.
 *
 * <pre>{@code
 * Graph graph = Graph.builder().taskFactory(ReactorTaskFactory.of(Schedulers.boundedElastic())).build();
 * }</pre>
 *
 * <h2>One worker per run</h2>
 *
 * Every run goes through a {@link Scheduler.Worker} of its own, created when the run starts and
 * disposed when it ends (or is cancelled). A factory sees runs as plain {@link Runnable}s with no
 * node identity, and the graph already guarantees that it never starts a run of a node before that
 * node's previous run ended ({@link dev.weft.Task#done()}), so one node's runs are ordered by the graph
 * whatever the factory does. A single worker shared by the whole factory would add nothing to that
 * and would serialise <em>all</em> nodes: one slow body would stall every other node, and an async
 * body that awaits another async node whose run is queued behind it on the same worker would deadlock.
 *
 * <h2>Cancellation</h2>
 *
 * {@link dev.weft.Task#cancel()} disposes the run's worker, which disposes the scheduled task: a run
 * that has not started never starts (and its {@code done()} completes at once); a running run is
 * interrupted if the scheduler interrupts on disposal, as Reactor's executor-based schedulers
 * ({@code boundedElastic}, {@code parallel}, {@code single}, {@code fromExecutorService}) do.
 * {@code Schedulers.immediate()} runs the work inline, and an inline run is never interrupted. An
 * interrupt aimed at a run never leaks past its end: it is cleared before {@code done()} completes.
 *
 * <h2>Choosing a scheduler</h2>
 *
 * Async bodies block (that is their point), so use a scheduler meant for blocking work, normally
 * {@code Schedulers.boundedElastic()}, never {@code Schedulers.parallel()} (its few threads are
 * Reactor's non-blocking CPU workers). Bounded elastic caps its threads (by default ten per CPU core,
 * {@code reactor.schedulers.defaultBoundedElasticSize}); once all are busy, new runs queue behind
 * running ones, so a run that awaits another async node can wait for a thread that the waiting runs
 * themselves hold. Keep chains of awaits shorter than the cap, or raise it.
 *
 * <p>To run Reactor's shared {@code boundedElastic()} on virtual threads (a new virtual thread per
 * task, still capped as above), start the JVM with
 * {@code -Dreactor.schedulers.defaultBoundedElasticOnVirtualThreads=true} (JDK 21+, read once when
 * {@code Schedulers} initialises). Async bodies then block as cheaply as with Weft's default {@link
 * TaskFactory#virtualThreads()}, while Reactor still owns the threads. Without the property, {@code
 * Schedulers.newBoundedElastic(cap, queue, name)} creates a platform-thread pool of your own.
 */
public final class ReactorTaskFactory {

  private ReactorTaskFactory() {}

  /**
   * Returns a factory that starts every run on a new {@link Scheduler.Worker} of {@code scheduler}.
   * The scheduler stays the caller's: the factory never disposes it. When the scheduler is disposed,
   * {@link TaskFactory#start} throws {@link java.util.concurrent.RejectedExecutionException}.
   *
   * @throws NullPointerException if {@code scheduler} is null
   */
  public static TaskFactory of(Scheduler scheduler) {
    return new SchedulerTaskFactory(Objects.requireNonNull(scheduler, "scheduler"));
  }
}
