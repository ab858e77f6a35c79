package dev.weft.reactor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.AsyncDerived;
import dev.weft.AsyncEffect;
import dev.weft.Graph;
import dev.weft.Signal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** {@link ReactorTaskFactory} as the task factory of a real graph's async nodes. */
class ReactorTaskFactoryGraphTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Scheduler scheduler;
  private CountingScheduler counting;
  private Graph graph;

  @BeforeEach
  void createGraph() {
    scheduler = Schedulers.newBoundedElastic(8, 1000, "weft-graph-test");
    counting = new CountingScheduler(scheduler);
    graph = Graph.builder().taskFactory(ReactorTaskFactory.of(counting)).build();
  }

  @AfterEach
  void closeGraph() {
    graph.close();
    scheduler.dispose();
  }

  @Nested
  class AsyncDerivedValues {
    @Test
    void runOnTheSchedulerAndReleaseTheirWorkers() {
      AtomicReference<String> thread = new AtomicReference<>();
      Signal<Integer> n = graph.signal(1);
      AsyncDerived<Integer> twice = graph.asyncDerived(() -> {
        thread.set(Thread.currentThread().getName());
        return n.get() * 2;
      });
      assertEquals(2, twice.await());
      n.set(4);
      assertEquals(8, twice.await());
      assertTrue(thread.get().startsWith("weft-graph-test"), thread.get());
      await().atMost(WAIT).until(() -> counting.live.get() == 0);
      assertEquals(2, counting.created.get());
    }

    @Test
    void aChangeDuringARunInterruptsItAndOnlyTheFreshValueIsPublished() throws Exception {
      Signal<Integer> n = graph.signal(1);
      CountDownLatch firstStarted = new CountDownLatch(1);
      AtomicBoolean firstInterrupted = new AtomicBoolean();
      AsyncDerived<Integer> slow = graph.asyncDerived(() -> {
        int v = n.get();
        if (v == 1) {
          firstStarted.countDown();
          try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            firstInterrupted.set(true);
            throw e;
          }
        }
        return v * 10;
      });
      var first = slow.toFuture();
      assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
      n.set(2);
      assertEquals(20, first.get(10, TimeUnit.SECONDS));
      assertTrue(firstInterrupted.get(), "the stale run was not interrupted");
    }

    @Test
    void anAwaitChainAcrossNodesDoesNotDeadlock() {
      Signal<Integer> n = graph.signal(3);
      AsyncDerived<Integer> a = graph.asyncDerived(() -> n.get() + 1);
      AsyncDerived<Integer> b = graph.asyncDerived(() -> a.await() * 2);
      AsyncDerived<Integer> c = graph.asyncDerived(() -> b.await() + 100);
      assertEquals(108, c.await());
    }
  }

  @Nested
  class AsyncEffects {
    @Test
    void runsOfOneEffectNeverOverlap() {
      Signal<Integer> n = graph.signal(0);
      AtomicInteger inRun = new AtomicInteger();
      AtomicBoolean overlapped = new AtomicBoolean();
      List<Integer> seen = new CopyOnWriteArrayList<>();
      graph.asyncEffect(() -> {
        if (inRun.incrementAndGet() != 1) {
          overlapped.set(true);
        }
        try {
          int v = n.get();
          Thread.sleep(2); // simulated slow work
          seen.add(v);
        } finally {
          inRun.decrementAndGet();
        }
      }, AsyncEffect.Options.defaults().supersede(AsyncEffect.Supersede.QUEUE));
      for (int i = 1; i <= 50; i++) {
        n.set(i);
      }
      await().atMost(WAIT).until(() -> !seen.isEmpty() && seen.getLast() == 50);
      assertTrue(!overlapped.get(), "two runs of one effect overlapped");
    }

    @Test
    void disposingAnEffectCancelsItsRunOnTheScheduler() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      AsyncEffect effect = graph.asyncEffect(() -> {
        started.countDown();
        try {
          new CountDownLatch(1).await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
      });
      assertTrue(started.await(10, TimeUnit.SECONDS));
      effect.dispose();
      await().atMost(WAIT).until(interrupted::get);
      await().atMost(WAIT).until(() -> counting.live.get() == 0);
    }
  }
}
