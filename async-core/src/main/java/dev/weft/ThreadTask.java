package dev.weft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A run on a thread the factory owns (a new virtual thread or a pooled executor thread). Cancelling
 * interrupts the thread, but only while it is still running this task: the {@link #lock} makes
 * "interrupt" and "task finished, thread goes back to a pool" mutually exclusive, so a pooled thread
 * never receives an interrupt meant for a finished task.
 *
 * <p>Threads: {@code cancel} from any thread; {@code runOnCurrentThread} on the running thread.
 */
final class ThreadTask implements Task {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final Runnable work;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger state = new AtomicInteger(NEW);
  private volatile boolean cancelled;
  private @Nullable Thread runner; // guarded by lock

  ThreadTask(Runnable work) {
    this.work = work;
  }

  /** Returns a fresh thread name {@code weft-<node>-N}. */
  static String threadName(Runnable work) {
    return "weft-" + NamedWork.nameOf(work) + "-" + SEQUENCE.incrementAndGet();
  }

  /** Runs the work on the current thread; a task cancelled before it started never runs its work. */
  void runOnCurrentThread() {
    boolean skip;
    lock.lock();
    try {
      skip = cancelled || !state.compareAndSet(NEW, RUNNING);
      if (skip) {
        state.set(DONE);
      } else {
        runner = Thread.currentThread();
      }
    } finally {
      lock.unlock();
    }
    if (skip) {
      // Cancelled before it started: it has ended without running. Completed outside the lock:
      // done()'s dependents take the graph lock, whose holder may be waiting in cancel() for ours.
      done.complete(null);
      return;
    }
    try {
      work.run();
    } finally {
      lock.lock();
      try {
        runner = null;
        state.set(DONE);
        Thread.interrupted(); // an interrupt aimed at this task must not leak into a pooled thread
      } finally {
        lock.unlock();
      }
      done.complete(null);
    }
  }

  /** Marks a task whose thread could not be started (rejected) as ended. */
  void abandon() {
    cancelled = true;
    state.set(DONE);
    done.complete(null);
  }

  @Override
  public void cancel() {
    cancelled = true;
    boolean endedNow;
    lock.lock();
    try {
      // Not started yet: it ends now and never runs, even if its executor drops it (shutdownNow)
      // and nobody ever calls runOnCurrentThread.
      endedNow = state.compareAndSet(NEW, DONE);
      Thread t = runner;
      if (!endedNow && t != null) {
        t.interrupt();
      }
    } finally {
      lock.unlock();
    }
    if (endedNow) {
      done.complete(null); // outside the lock: dependents take the graph lock
    }
  }

  boolean isCancelled() {
    return cancelled;
  }

  @Override
  public CompletionStage<Void> done() {
    return done;
  }

  CompletableFuture<Void> doneFuture() {
    return done;
  }
}
