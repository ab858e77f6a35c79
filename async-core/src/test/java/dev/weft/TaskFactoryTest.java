package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskFactoryTest {

  @Nested
  class Structured {
    @Test
    void closeInterruptsWaitsForEveryRunThenRejects() throws Exception {
      StructuredTaskFactory factory = TaskFactory.structured();
      CountDownLatch started = new CountDownLatch(3);
      AtomicInteger ended = new AtomicInteger();
      AtomicInteger interrupted = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        factory.start(() -> {
          started.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
          } finally {
            ended.incrementAndGet();
          }
        });
      }
      assertTrue(started.await(5, SECONDS));
      factory.close();
      assertEquals(3, ended.get(), "close() returned only after every run ended");
      assertEquals(3, interrupted.get());
      assertThrows(RejectedExecutionException.class, () -> factory.start(() -> {}));
      factory.close(); // idempotent
    }

    @Test
    void graphOnAClosedStructuredFactoryReportsTheRefusalAsAFailure() {
      StructuredTaskFactory factory = TaskFactory.structured();
      factory.close();
      try (Graph g = Graph.builder().taskFactory(factory).errorHandler(e -> {}).build()) {
        AsyncDerived<Integer> a = g.asyncDerived(() -> 1, AsyncDerived.Options.defaults().name("late"));
        NodeException e = assertThrows(NodeException.class, a::await);
        assertTrue(e.getMessage().contains("async derived 'late'"), e.getMessage());
      }
    }

    @Test
    void tryWithResourcesOwnsTheRunsOfAGraph() {
      AtomicBoolean running = new AtomicBoolean();
      try (StructuredTaskFactory factory = TaskFactory.structured();
          Graph g = Graph.builder().taskFactory(factory).build()) {
        g.asyncEffect(() -> {
          running.set(true);
          try {
            Thread.sleep(60_000);
          } finally {
            running.set(false);
          }
        });
        await().atMost(Duration.ofSeconds(5)).until(running::get);
      }
      assertFalse(running.get(), "no run outlives the block");
    }
  }

  @Nested
  class Naming {
    @Test
    void virtualThreadsAreNamedAfterTheNode() throws Exception {
      AtomicReference<String> name = new AtomicReference<>();
      try (Graph g = Graph.create()) {
        g.asyncDerived(() -> {
          name.set(Thread.currentThread().getName());
          return Thread.currentThread().isVirtual();
        }, AsyncDerived.Options.defaults().name("prices")).toFuture().get(5, SECONDS);
      }
      assertTrue(name.get().matches("weft-prices-\\d+"), name.get());
    }
  }

  @Nested
  class Executors_ {
    @Test
    void ofExecutorRunsThereAndCancelInterrupts() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(1);
      try {
        TaskFactory factory = TaskFactory.of(pool);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Task task = factory.start(() -> {
          started.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
        });
        assertTrue(started.await(5, SECONDS));
        task.cancel();
        task.done().toCompletableFuture().get(5, SECONDS);
        assertTrue(interrupted.get());
        // the pooled thread is not left interrupted for the next task
        AtomicBoolean clean = new AtomicBoolean();
        factory.start(() -> clean.set(!Thread.currentThread().isInterrupted()))
            .done().toCompletableFuture().get(5, SECONDS);
        assertTrue(clean.get());
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsButEnds() throws Exception {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        TaskFactory factory = TaskFactory.of(pool);
        CountDownLatch block = new CountDownLatch(1);
        factory.start(() -> {
          try {
            block.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        List<String> ran = new CopyOnWriteArrayList<>();
        Task queued = factory.start(() -> ran.add("ran"));
        queued.cancel();
        block.countDown();
        queued.done().toCompletableFuture().get(5, SECONDS);
        assertEquals(List.of(), ran);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class Custom {
    @Test
    void aLambdaFactoryAroundAnotherOwnsEveryRun() {
      AtomicInteger runs = new AtomicInteger();
      TaskFactory base = TaskFactory.virtualThreads();
      TaskFactory counting = work -> {
        runs.incrementAndGet();
        return base.start(work);
      };
      try (Graph g = Graph.builder().taskFactory(counting).build()) {
        Signal<Integer> s = g.signal(1);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        g.asyncEffect(() -> seen.add(s.get()));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(1));
        s.set(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(2));
        assertEquals(2, runs.get());
      }
    }
  }
}
