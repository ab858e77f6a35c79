package dev.weft.vertx;

import dev.weft.TaskFactory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link TaskFactory}s that run the reruns of async derived values and async effects on Vert.x.
 *
 * <ul>
 *   <li>{@link #eventLoop(Context)}: on an event loop, for short non-blocking bodies that use Vert.x
 *       APIs and want their callbacks on that loop. An event-loop thread is never interrupted.
 *   <li>{@link #virtualThreads(Vertx)}: on Vert.x virtual-thread contexts, for bodies that block, in
 *       particular with {@code Future.await()}. Cancelling interrupts the run.
 * </ul>
 *
 * <p>Inside a body, {@link #currentTaskCancelled()} tells whether the run was superseded (a source
 * changed, the node was invalidated or disposed) so it can stop early; its result would be dropped
 * anyway.
 */
public final class VertxTaskFactory {

  private VertxTaskFactory() {}

  /**
   * Runs each rerun with {@link Context#runOnContext} on {@code context}, an event-loop context. A
   * cancelled run that has not started yet is skipped; one in progress is never interrupted (Vert.x
   * event-loop threads must not be): it is only marked, the graph drops its result, and the body can
   * poll {@link #currentTaskCancelled()}. A run that blocks the loop longer than Vert.x's default
   * blocked-thread threshold ({@link VertxOptions#DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME}) logs one
   * warning per node name (logger {@code dev.weft.vertx.VertxTaskFactory}); use {@link
   * #eventLoop(Context, VertxOptions)} when Vert.x was created with another threshold.
   *
   * <p>{@code start} throws {@link java.util.concurrent.RejectedExecutionException} once Vert.x no
   * longer accepts tasks for the context (closed).
   *
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if {@code context} is not an event-loop context (for a
   *     virtual-thread context use {@link #virtualThreads(Vertx)})
   */
  public static TaskFactory eventLoop(Context context) {
    return eventLoop(context, Duration.ofNanos(VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME_UNIT
        .toNanos(VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME)));
  }

  /**
   * Like {@link #eventLoop(Context)}, warning when a run takes longer than {@code options}'
   * {@link VertxOptions#getMaxEventLoopExecuteTime() maxEventLoopExecuteTime} (in its {@link
   * VertxOptions#getMaxEventLoopExecuteTimeUnit() unit}): pass the options Vert.x was created with.
   *
   * @throws NullPointerException if {@code context} or {@code options} is null
   * @throws IllegalArgumentException if {@code context} is not an event-loop context
   */
  public static TaskFactory eventLoop(Context context, VertxOptions options) {
    Objects.requireNonNull(options, "options");
    return eventLoop(context, Duration.ofNanos(
        options.getMaxEventLoopExecuteTimeUnit().toNanos(options.getMaxEventLoopExecuteTime())));
  }

  /**
   * Like {@link #eventLoop(Context)}, warning (once per node) when a run takes longer than {@code
   * blockedThreshold}.
   *
   * @throws NullPointerException if {@code context} or {@code blockedThreshold} is null
   * @throws IllegalArgumentException if {@code context} is not an event-loop context, or the threshold
   *     is negative
   */
  public static TaskFactory eventLoop(Context context, Duration blockedThreshold) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(blockedThreshold, "blockedThreshold");
    if (!context.isEventLoopContext()) {
      throw new IllegalArgumentException("VertxTaskFactory.eventLoop needs an event-loop context, got a "
          + context.threadingModel() + " context; use VertxTaskFactory.virtualThreads(vertx) for virtual"
          + " threads");
    }
    if (blockedThreshold.isNegative()) {
      throw new IllegalArgumentException("blockedThreshold must not be negative, was " + blockedThreshold);
    }
    return new EventLoopTaskFactory(context, blockedThreshold);
  }

  /**
   * Runs each rerun on its own Vert.x virtual-thread context (threading model {@link
   * io.vertx.core.ThreadingModel#VIRTUAL_THREAD}): inside the body {@link Vertx#currentContext()} is
   * that context, {@link io.vertx.core.Future#await()} suspends the virtual thread instead of blocking
   * a carrier, and handlers the body registers run on that context. Runs never wait for each other,
   * also not while one blocks on something other than {@code Future.await()}. Cancelling interrupts
   * the run ({@code Future.await()} then throws the {@link InterruptedException}).
   *
   * <p>{@code start} throws {@link java.util.concurrent.RejectedExecutionException} once {@code vertx}
   * is closed.
   *
   * @throws NullPointerException if {@code vertx} is null
   * @throws IllegalArgumentException if {@code vertx} is not a Vert.x 5 instance built by Vert.x
   *     ({@code Vertx.vertx()}, {@code Vertx.builder()}) or this runtime has no virtual threads
   */
  public static TaskFactory virtualThreads(Vertx vertx) {
    Objects.requireNonNull(vertx, "vertx");
    if (!(vertx instanceof VertxInternal internal)) {
      throw new IllegalArgumentException("VertxTaskFactory.virtualThreads needs a Vert.x instance built by"
          + " Vert.x (Vertx.vertx() or Vertx.builder()), got " + vertx.getClass().getName());
    }
    if (!internal.isVirtualThreadAvailable()) {
      throw new IllegalArgumentException("this Java runtime has no virtual threads for Vert.x; run on Java 21+");
    }
    return new VirtualThreadContextTaskFactory(internal);
  }

  /**
   * Returns whether the run executing on the current thread was cancelled: superseded by a change,
   * invalidated or disposed. Meant for bodies run by {@link #eventLoop(Context)}, which are never
   * interrupted: a long body can check it and return early (its result is dropped anyway). Also true in
   * a cancelled run of {@link #virtualThreads(Vertx)}, alongside the interrupt.
   *
   * @return true inside a cancelled run of one of these factories; false in a live run and outside any
   *     run of them
   */
  public static boolean currentTaskCancelled() {
    return ContextTask.currentCancelled();
  }
}
