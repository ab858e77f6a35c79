package dev.weft.vertx;

import dev.weft.Task;
import dev.weft.TaskFactory;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * {@link VertxTaskFactory#eventLoop}: each run is one {@code runOnContext} on an event-loop context.
 * Never interrupts: cancelling only marks the run (the graph drops a superseded run's result, and the
 * body can ask {@link VertxTaskFactory#currentTaskCancelled()}). Runs longer than the blocked-thread
 * threshold are reported once per node name.
 *
 * <p>Threads: {@code start} from any thread; runs and the duration check on the context's event-loop
 * thread. {@link #warned} is a concurrent set: one factory may be shared by several graphs, and a
 * context's thread can change only between runs, but the set is cheap to make safe for any thread.
 */
final class EventLoopTaskFactory implements TaskFactory {
  private static final System.Logger LOG = System.getLogger(VertxTaskFactory.class.getName());
  private static final String RUN_OF = "run of ";

  private final Context context;
  private final long thresholdNanos;
  private final BiConsumer<String, Duration> onBlocked;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  EventLoopTaskFactory(Context context, Duration threshold) {
    this.context = context;
    this.thresholdNanos = threshold.toNanos();
    this.onBlocked = this::logBlocked;
  }

  /** {@code onBlocked(node, duration)} is called once per node name whose run exceeded the threshold. */
  EventLoopTaskFactory(Context context, Duration threshold, BiConsumer<String, Duration> onBlocked) {
    this.context = context;
    this.thresholdNanos = threshold.toNanos();
    this.onBlocked = onBlocked;
  }

  @Override
  public Task start(Runnable work) {
    Objects.requireNonNull(work, "work");
    ContextTask task = new ContextTask(work, false, this::checkDuration);
    try {
      context.runOnContext(ignored -> task.run());
    } catch (RejectedExecutionException e) {
      task.abandon();
      throw new RejectedExecutionException(
          "VertxTaskFactory.eventLoop: the Vert.x context no longer accepts tasks (is Vert.x closed?) for "
              + work, e);
    }
    return task;
  }

  /** Names the node of a run: the graph's runs print as "run of <node>". */
  static String nodeName(Runnable work) {
    String s = work.toString();
    return s.startsWith(RUN_OF) ? s.substring(RUN_OF.length()) : s;
  }

  private void checkDuration(Runnable work, long nanos) {
    if (nanos <= thresholdNanos) {
      return;
    }
    String node = nodeName(work);
    if (warned.add(node)) {
      try {
        onBlocked.accept(node, Duration.ofNanos(nanos));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "blocked event-loop report for " + node + " failed", e);
      }
    }
  }

  private void logBlocked(String node, Duration took) {
    LOG.log(System.Logger.Level.WARNING,
        () -> "Weft node '" + node + "' blocked the Vert.x event loop " + Thread.currentThread().getName()
            + " for " + took.toMillis() + " ms, longer than the blocked-thread threshold of "
            + Duration.ofNanos(thresholdNanos).toMillis() + " ms; a rerun on an event loop must not block:"
            + " give this node VertxTaskFactory.virtualThreads(vertx) or TaskFactory.virtualThreads()."
            + " (Reported once per node.)");
  }

  @Override
  public String toString() {
    return "VertxTaskFactory.eventLoop(" + context + ")";
  }
}
