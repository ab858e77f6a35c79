package dev.weft.reactor;

import dev.weft.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.scheduler.Scheduler;

/**
 * One run on its own {@link Scheduler.Worker}. Disposing the worker disposes the scheduled task, which
 * Reactor turns into {@code Future.cancel(true)} (an interrupt) when it comes from another thread than
 * the one running the task.
 *
 * <p>Threads: {@link #cancel()} from any thread; {@link #runOnWorker()} on the worker's thread, once.
 * {@link #lock} guards {@link #state} and makes "interrupt the running task" and "the task ended" mutually
 * exclusive, so an interrupt meant for this run never reaches whatever the thread runs next (including
 * the callbacks of {@link #done}). Under the lock only Reactor's disposal code runs, never Weft or user
 * callbacks; {@link #done} is completed outside it.
 */
final class WorkerRun implements Task {
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int ENDED = 2;

  private final Runnable work;
  private final Scheduler.Worker worker;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ReentrantLock lock = new ReentrantLock();
  private int state = NEW; // guarded by lock

  WorkerRun(Runnable work, Scheduler.Worker worker) {
    this.work = work;
    this.worker = worker;
  }

  /** Runs the work unless cancelled first; always releases the worker and completes {@link #done}. */
  void runOnWorker() {
    lock.lock();
    try {
      if (state != NEW) {
        return; // cancelled before it started: cancel() completed done
      }
      state = RUNNING;
    } finally {
      lock.unlock();
    }
    try {
      work.run();
    } finally {
      lock.lock();
      try {
        state = ENDED;
        Thread.interrupted(); // an interrupt aimed at this run must not outlive it
      } finally {
        lock.unlock();
      }
      end();
    }
  }

  /** Marks a run whose scheduling was rejected as ended. */
  void abandon() {
    lock.lock();
    try {
      state = ENDED;
    } finally {
      lock.unlock();
    }
    end();
  }

  @Override
  public void cancel() {
    boolean neverStarted = false;
    lock.lock();
    try {
      if (state == NEW) {
        state = ENDED;
        neverStarted = true;
      } else if (state == RUNNING) {
        worker.dispose(); // interrupts the running task, synchronously, while it cannot end
      }
    } finally {
      lock.unlock();
    }
    if (neverStarted) {
      end();
    }
  }

  private void end() {
    worker.dispose(); // idempotent; releases the worker's slot in the scheduler
    done.complete(null);
  }

  @Override
  public CompletionStage<Void> done() {
    return done;
  }

  @Override
  public String toString() {
    return "Reactor run of " + work;
  }
}
