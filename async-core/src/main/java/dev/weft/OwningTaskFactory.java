package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link TaskFactory#structured()}: structured concurrency on plain JDK 25 (no preview API). Every run
 * gets its own virtual thread and is registered in {@link #live} until it ends; {@link #close()}
 * interrupts and joins all of them.
 *
 * <p>Threads: {@code start} and {@code close} from any thread. {@link #lock} orders "register a run"
 * against "mark closed", so no run can slip in after {@code close} has taken its snapshot.
 */
final class OwningTaskFactory implements StructuredTaskFactory {
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<ThreadTask> live = ConcurrentHashMap.newKeySet();
  private boolean closed; // guarded by lock

  @Override
  public Task start(Runnable work) {
    java.util.Objects.requireNonNull(work, "work");
    ThreadTask task = new ThreadTask(work);
    lock.lock();
    try {
      if (closed) {
        throw new RejectedExecutionException(
            "TaskFactory.structured() is closed: it no longer starts runs (" + work + ")");
      }
      live.add(task);
    } finally {
      lock.unlock();
    }
    task.doneFuture().whenComplete((v, e) -> live.remove(task));
    Thread.ofVirtual().name(ThreadTask.threadName(work)).start(task::runOnCurrentThread);
    return task;
  }

  @Override
  public void close() {
    List<ThreadTask> snapshot;
    lock.lock();
    try {
      closed = true;
      snapshot = new ArrayList<>(live);
    } finally {
      lock.unlock();
    }
    snapshot.forEach(ThreadTask::cancel);
    boolean interrupted = false;
    for (ThreadTask task : snapshot) {
      while (true) {
        try {
          task.doneFuture().get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          break; // runs never complete exceptionally; nothing to wait for
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TaskFactory.structured()";
  }
}
