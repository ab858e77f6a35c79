package dev.weft;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on their own threads, released together by one latch, and waits for all of them with a
 * deadline. A task that throws fails the race (with every error attached); a race that misses its
 * deadline fails with a dump of the threads that are still running, which is how a deadlock or a lock
 * left held shows up in a test instead of hanging the build.
 *
 * <p>Threads: the caller builds the race and calls {@link #run} once; each task runs on its own thread.
 */
final class Race {
  /** One racer: gets its index (0..n-1). */
  @FunctionalInterface
  interface Task {
    void run(int index) throws Exception;
  }

  private final Duration deadline;
  private final boolean virtual;

  private Race(Duration deadline, boolean virtual) {
    this.deadline = deadline;
    this.virtual = virtual;
  }

  /** Platform threads, 30 s deadline. */
  static Race platform() {
    return new Race(Duration.ofSeconds(30), false);
  }

  /** Virtual threads, 30 s deadline. */
  static Race virtualThreads() {
    return new Race(Duration.ofSeconds(30), true);
  }

  /** Runs {@code n} copies of {@code task}, started together; fails on any error or on the deadline. */
  void run(int n, Task task) throws InterruptedException {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(task);
    }
    runAll(tasks);
  }

  /** Runs the given tasks (task i gets index i), started together. */
  void runAll(List<Task> tasks) throws InterruptedException {
    int n = tasks.size();
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(n);
    Throwable[] errors = new Throwable[n];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      Runnable body = () -> {
        try {
          ready.countDown();
          go.await();
          tasks.get(index).run(index);
        } catch (Throwable t) {
          errors[index] = t;
        } finally {
          done.countDown();
        }
      };
      Thread t = virtual
          ? Thread.ofVirtual().name("racer-" + i).unstarted(body)
          : Thread.ofPlatform().name("racer-" + i).daemon().unstarted(body);
      threads.add(t);
      t.start();
    }
    ready.await();
    go.countDown();
    if (!done.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      StringBuilder dump = new StringBuilder();
      for (Thread t : threads) {
        if (t.isAlive()) {
          dump.append(describe(t));
        }
      }
      for (Thread t : threads) {
        t.interrupt();
      }
      fail("race did not finish within " + deadline + " (deadlock or a lock left held?):\n" + dump);
    }
    AssertionError failure = null;
    for (int i = 0; i < n; i++) {
      if (errors[i] != null) {
        if (failure == null) {
          failure = new AssertionError("racer " + i + " failed: " + errors[i], errors[i]);
        } else {
          failure.addSuppressed(errors[i]);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A stack dump of one thread (virtual threads included, via their own stack trace). */
  static String describe(Thread t) {
    StringBuilder sb = new StringBuilder(t.getName()).append(" ").append(t.getState()).append('\n');
    for (StackTraceElement e : t.getStackTrace()) {
      sb.append("    at ").append(e).append('\n');
    }
    return sb.toString();
  }
}
