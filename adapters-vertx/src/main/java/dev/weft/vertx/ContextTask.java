package dev.weft.vertx;

import dev.weft.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One run submitted to a Vert.x context by a {@link VertxTaskFactory}.
 *
 * <p>Threads: {@link #cancel()} from any thread; {@link #run()} once, on the context's thread (an event
 * loop, or a virtual thread of a virtual-thread context); {@link #abandon()} on the starting thread when
 * the context rejected the submission. {@link #lock} makes "interrupt the runner" and "the run ended,
 * the thread goes on with other tasks of its context" mutually exclusive, so an interrupt meant for this
 * run never reaches later work on that thread. It is held only for a few field accesses, never while the
 * work runs and never while {@link #done} completes (that runs the graph's callbacks, which take the
 * graph's lock, while a thread holding the graph's lock may be calling {@link #cancel()}), so taking
 * it on an event loop never blocks the loop.
 */
final class ContextTask implements Task {

  /** Observes how long a finished run took: the blocked event-loop check. Never throws. */
  @FunctionalInterface
  interface RunObserver {
    void ran(Runnable work, long nanos);
  }

  /** The task whose work the current thread is running; read by {@link VertxTaskFactory#currentTaskCancelled()}. */
  private static final ThreadLocal<@Nullable ContextTask> CURRENT = new ThreadLocal<>();

  private final Runnable work;
  private final boolean interruptible;
  private final @Nullable RunObserver observer;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean cancelled;
  private @Nullable Thread runner; // guarded by lock: the thread running the work, while it runs
  private boolean ended; // guarded by lock: run() or abandon() has finished this task

  ContextTask(Runnable work, boolean interruptible, @Nullable RunObserver observer) {
    this.work = work;
    this.interruptible = interruptible;
    this.observer = observer;
  }

  /** Returns whether the current thread runs a task of a Vert.x factory that has been cancelled. */
  static boolean currentCancelled() {
    ContextTask task = CURRENT.get();
    return task != null && task.cancelled;
  }

  /** Runs the work on the current (context) thread; a task cancelled before it started skips its work. */
  void run() {
    boolean skip;
    lock.lock();
    try {
      if (ended) {
        return;
      }
      skip = cancelled;
      if (skip) {
        ended = true;
      } else {
        runner = Thread.currentThread();
      }
    } finally {
      lock.unlock();
    }
    if (skip) {
      done.complete(null); // outside the lock: completing runs the graph's callbacks, which take its lock
      return;
    }
    ContextTask previous = CURRENT.get();
    CURRENT.set(this);
    long start = System.nanoTime();
    try {
      work.run();
    } finally {
      long elapsed = System.nanoTime() - start;
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
      lock.lock();
      try {
        runner = null;
        ended = true;
        if (interruptible) {
          Thread.interrupted(); // an interrupt aimed at this run must not reach the context's next task
        }
      } finally {
        lock.unlock();
      }
      if (observer != null) {
        observer.ran(work, elapsed); // before done: whoever waits for the run sees its report
      }
      done.complete(null);
    }
  }

  /** Ends a task whose submission was rejected: it never runs. */
  void abandon() {
    cancelled = true;
    lock.lock();
    try {
      ended = true;
    } finally {
      lock.unlock();
    }
    done.complete(null);
  }

  /**
   * Marks the run cancelled; an interruptible run in progress on another thread is interrupted. A run
   * that cancels itself is only marked (it reads the mark through {@link #currentCancelled()}).
   */
  @Override
  public void cancel() {
    cancelled = true;
    if (!interruptible) {
      return;
    }
    lock.lock();
    try {
      Thread t = runner;
      if (t != null && t != Thread.currentThread()) {
        t.interrupt();
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** The state of the thread running the work, or null while it is not running (for tests). */
  Thread.@Nullable State runnerState() {
    lock.lock();
    try {
      Thread t = runner;
      return t == null ? null : t.getState();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletionStage<Void> done() {
    return done;
  }

  @Override
  public String toString() {
    return "ContextTask[" + work + (cancelled ? ", cancelled" : "") + "]";
  }
}
