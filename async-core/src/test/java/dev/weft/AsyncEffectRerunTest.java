package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An async effect whose body has returned but whose thread has not yet taken the graph lock to wind
 * the run down: a write meanwhile starts the rerun at once (the writer does the bookkeeping), rather
 * than waiting for that thread. Runs still never overlap, and the run that ended is still reported.
 */
class AsyncEffectRerunTest {
  final Graph g = Graph.builder().name("rerun").build();

  @AfterEach
  void close() {
    g.close();
  }

  /** The run in flight of {@code e}, read under the graph lock (the caller holds it). */
  static AsyncRun currentRun(AsyncEffect e) {
    AsyncRun run = ((AsyncEffectNode) e).current;
    if (run == null) {
      throw new AssertionError("no run in flight");
    }
    return run;
  }

  @Nested
  class WriteWhileARunWindsDown {

    @Test
    void startsTheRerunWithoutWaitingForTheEndingRunsThread() {
      Signal<Integer> s = g.signal(0);
      AtomicInteger starts = new AtomicInteger();
      CountDownLatch thirdStarted = new CountDownLatch(1);
      CountDownLatch bodyMayReturn = new CountDownLatch(1);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      AsyncEffect e = g.asyncEffect(() -> {
        if (starts.incrementAndGet() == 3) {
          thirdStarted.countDown(); // before any tracked read, so it needs no lock
        }
        int v = s.get();
        seen.add(v);
        if (v == 1) {
          try {
            bodyMayReturn.await();
          } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
          }
        }
      }, AsyncEffect.Options.defaults().taskFactory(TaskFactory.virtualThreads()));
      await().atMost(5, SECONDS).until(() -> seen.size() == 1 && !e.toString().contains("running"));
      // A sync effect after the async one among s's subscribers: it runs in the same flush, under
      // the lock, where it waits for the rerun to start. If the rerun needed the ending run's thread
      // to take the lock first, it could not start before this effect returned.
      boolean[] rerunStartedInFlush = {false};
      g.effect(() -> {
        if (s.get() == 2) {
          try {
            rerunStartedInFlush[0] = thirdStarted.await(5, SECONDS);
          } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
          }
        }
      });
      s.set(1); // run 2 starts and waits in its body
      await().atMost(5, SECONDS).until(() -> seen.size() == 2);
      g.batch(() -> {
        // This thread holds the lock: run 2's thread, once its body returns, waits for it.
        AsyncRun ending = currentRun(e);
        bodyMayReturn.countDown();
        await().atMost(5, SECONDS).until(() -> ending.bodyReturned);
        s.set(2); // flushed when the batch ends, still under the lock
      });
      assertTrue(rerunStartedInFlush[0], "the rerun waited for the ended run's thread to take the lock");
      await().atMost(5, SECONDS).until(() -> seen.equals(List.of(0, 1, 2)) && !e.toString().contains("running"));
      assertEquals(3, starts.get(), "one rerun, and runs never overlapped into an extra one");
    }

    @Test
    void theRunThatEndedStillCompletesItsFuturesAndReportsItsFailure() throws Exception {
      List<Throwable> reported = new CopyOnWriteArrayList<>();
      Graph graph = Graph.builder().name("reports").errorHandler(reported::add).build();
      try {
        Signal<Integer> s = graph.signal(0);
        CountDownLatch mayReturn = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AsyncEffect e = graph.asyncEffect(() -> {
          int n = runs.incrementAndGet();
          s.get();
          if (n == 2) {
            try {
              mayReturn.await();
            } catch (InterruptedException x) {
              Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("run 2 failed");
          }
        }, AsyncEffect.Options.defaults().taskFactory(TaskFactory.virtualThreads()));
        await().atMost(5, SECONDS).until(() -> runs.get() == 1 && !e.toString().contains("running"));
        List<CompletableFuture<Void>> future = new CopyOnWriteArrayList<>();
        s.set(1); // run 2 starts and waits in its body
        await().atMost(5, SECONDS).until(() -> runs.get() == 2);
        graph.batch(() -> {
          AsyncRun ending = currentRun(e);
          mayReturn.countDown();
          await().atMost(5, SECONDS).until(() -> ending.bodyReturned);
          future.add(e.run()); // run 2's body has returned: run 3 starts now, for this future
        });
        future.get(0).get(5, SECONDS); // run 3 succeeded
        await().atMost(5, SECONDS).until(() -> reported.size() == 1);
        assertTrue(reported.get(0).getMessage().contains("run 2 failed"), reported.toString());
        await().atMost(5, SECONDS).until(() -> !e.toString().contains("running"));
        assertEquals(3, runs.get(), "one run for run(), none restarted for the ended run");
      } finally {
        graph.close();
      }
    }
  }

  @Nested
  class CleanupsOfARunThatNeverStarted {

    @Test
    void areHandedToTheNextRunWhenTheFactoryDropsTheRun() {
      java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
      TaskFactory manual = TaskFactory.of(queue::add);
      Signal<Integer> s = g.signal(0);
      List<String> log = new CopyOnWriteArrayList<>();
      AsyncEffect e = g.asyncEffect(() -> {
        int v = s.get();
        log.add("run " + v);
        Weft.onCleanup(() -> log.add("cleanup " + v));
      }, AsyncEffect.Options.defaults().taskFactory(manual));
      queue.poll().run(); // run 0
      s.set(1); // run 1 queued, holding run 0's cleanup
      s.set(2); // run 1 cancelled before it started: run 2 queued
      Runnable r;
      while ((r = queue.poll()) != null) {
        r.run();
      }
      assertEquals(List.of("run 0", "cleanup 0", "run 2"), log);
      e.dispose();
      assertEquals(List.of("run 0", "cleanup 0", "run 2", "cleanup 2"), log);
    }

    @Test
    void runOnDisposeWhenTheFactoryDropsTheRun() {
      java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
      TaskFactory manual = TaskFactory.of(queue::add);
      Signal<Integer> s = g.signal(0);
      List<String> log = new CopyOnWriteArrayList<>();
      AsyncEffect e = g.asyncEffect(() -> {
        int v = s.get();
        log.add("run " + v);
        Weft.onCleanup(() -> log.add("cleanup " + v));
      }, AsyncEffect.Options.defaults().taskFactory(manual));
      queue.poll().run(); // run 0
      s.set(1); // run 1 queued, holding run 0's cleanup
      e.dispose(); // run 1 cancelled before it started
      Runnable r;
      while ((r = queue.poll()) != null) {
        r.run();
      }
      assertEquals(List.of("run 0", "cleanup 0"), log);
    }
  }
}
