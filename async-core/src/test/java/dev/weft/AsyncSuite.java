package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The async behaviours every task factory must hold. Subclasses supply the factory; behaviours that
 * need a factory that runs on other threads check {@link #concurrent()}.
 */
abstract class AsyncSuite {
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  Graph g;

  /** The factory under test; called once per test. */
  abstract TaskFactory factory();

  /** Whether runs execute on other threads (false for inline). */
  boolean concurrent() {
    return true;
  }

  /** Whether cancelling interrupts the run. */
  boolean interrupts() {
    return concurrent();
  }

  @BeforeEach
  void open() {
    g = Graph.builder().name("async").taskFactory(factory()).errorHandler(errors::add).build();
  }

  @AfterEach
  void close() {
    g.close();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis); // simulated slow work inside a body, not waiting for a condition
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Nested
  class Laziness {
    @Test
    void nothingRunsBeforeFirstDemand() {
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<Integer> a = g.asyncDerived(() -> runs.incrementAndGet());
      assertInstanceOf(AsyncState.Idle.class, a.state());
      assertEquals(0, runs.get());
      assertEquals(1, a.await());
      assertEquals(new AsyncState.Ready<>(1), a.state());
      assertEquals(1, a.await(), "fresh value: no rerun");
      assertEquals(1, runs.get());
    }

    @Test
    void staleButUnwatchedDoesNotRunUntilAsked() {
      Signal<Integer> s = g.signal(1);
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        runs.incrementAndGet();
        return s.get() * 2;
      });
      assertEquals(2, a.await());
      s.set(2);
      s.set(3);
      assertEquals(1, runs.get());
      assertEquals(6, a.await());
      assertEquals(2, runs.get());
    }
  }

  @Nested
  class Await {
    @Test
    void uncheckedFailureIsRethrownAsIs() {
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        throw new IllegalArgumentException("bad input");
      });
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::await);
      assertEquals("bad input", e.getMessage());
      assertInstanceOf(AsyncState.Failed.class, a.state());
    }

    @Test
    void checkedFailureIsWrappedInCompletionException() {
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        throw new IOException("disk");
      });
      CompletionException e = assertThrows(CompletionException.class, a::await);
      assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void failedStateKeepsThePreviousValue() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        if (s.get() < 0) {
          throw new IllegalStateException("negative");
        }
        return s.get();
      });
      assertEquals(1, a.await());
      s.set(-1);
      assertThrows(IllegalStateException.class, a::await);
      AsyncState.Failed<Integer> failed = (AsyncState.Failed<Integer>) a.state();
      assertEquals(Optional.of(1), failed.previous());
      s.set(5);
      assertEquals(5, a.await());
    }

    @Test
    void toFutureCompletesWithTheNextFreshValue() throws Exception {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() + 100);
      CompletableFuture<Integer> f = a.toFuture();
      assertEquals(101, f.get(5, SECONDS));
      s.set(2);
      assertEquals(102, a.toFuture().get(5, SECONDS));
    }

    @Test
    void asyncDerivedAwaitingAnotherDependsOnIt() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> inner = g.asyncDerived(() -> s.get() * 10);
      AsyncDerived<Integer> outer = g.asyncDerived(() -> inner.await() + 1);
      assertEquals(11, outer.await());
      s.set(2);
      assertEquals(21, outer.await());
    }
  }

  @Nested
  class Tracking {
    @Test
    void readsAfterABlockingCallAreTracked() {
      Signal<Integer> before = g.signal(1);
      Signal<Integer> after = g.signal(10);
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        runs.incrementAndGet();
        int x = before.get();
        sleep(20);
        return x + after.get();
      });
      assertEquals(11, a.await());
      after.set(20);
      assertEquals(21, a.await());
      before.set(2);
      assertEquals(22, a.await());
      assertEquals(3, runs.get());
    }

    @Test
    void syncEffectRendersLoadingThenReady() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() * 3);
      List<String> rendered = Collections.synchronizedList(new ArrayList<>());
      g.effect(() -> rendered.add(switch (a.state()) {
        case AsyncState.Idle<Integer> i -> "idle";
        case AsyncState.Loading<Integer> l -> "loading " + l.previous().map(String::valueOf).orElse("-");
        case AsyncState.Ready<Integer> r -> "ready " + r.value();
        case AsyncState.Failed<Integer> f -> "failed";
      }));
      await().atMost(Duration.ofSeconds(5)).until(() -> rendered.contains("ready 3"));
      s.set(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> rendered.contains("ready 6"));
      assertTrue(rendered.contains("loading 3") || !concurrent(), rendered.toString());
    }

    @Test
    void asyncEffectAwaitingADerivedRerunsWhenItsSourceChanges() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() * 2);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> seen.add(a.await()));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(2));
      s.set(5);
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(10));
      assertEquals(List.of(), errors);
    }
  }

  @Nested
  class Supersede {
    @Test
    void staleResultIsNeverPublished() throws Exception {
      Signal<Integer> s = g.signal(1);
      List<Integer> published = new CopyOnWriteArrayList<>();
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        int v = s.get();
        if (v == 1 && concurrent()) {
          sleep(200); // long enough for the write below to supersede this run
        }
        return v;
      });
      g.effect(() -> {
        if (a.state() instanceof AsyncState.Ready<Integer> r) {
          published.add(r.value());
        }
      });
      s.set(2);
      assertEquals(2, a.toFuture().get(5, SECONDS));
      if (concurrent()) {
        assertEquals(List.of(2), published, "the run that read 1 was superseded");
      }
    }

    @Test
    void staleRunIsInterruptedWithinASecond() throws Exception {
      if (!interrupts()) {
        return;
      }
      Signal<Integer> s = g.signal(1);
      AtomicInteger interrupted = new AtomicInteger();
      java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        int v = s.get();
        if (v == 1) {
          reading.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        }
        return v;
      });
      CompletableFuture<Integer> f = a.toFuture();
      assertTrue(reading.await(5, SECONDS), "the first run read its source");
      s.set(2);
      await().atMost(Duration.ofSeconds(1)).until(() -> interrupted.get() == 1);
      assertEquals(2, f.join());
    }

    @Test
    void manyConcurrentAwaitersShareOneRun() throws Exception {
      if (!concurrent()) {
        return;
      }
      AtomicInteger runs = new AtomicInteger();
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        runs.incrementAndGet();
        release.await();
        return 42;
      });
      List<Thread> threads = new ArrayList<>();
      AtomicInteger got = new AtomicInteger();
      for (int i = 0; i < 50; i++) {
        threads.add(Thread.ofVirtual().start(() -> {
          if (a.await() == 42) {
            got.incrementAndGet();
          }
        }));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
      release.countDown();
      for (Thread t : threads) {
        t.join(5000);
      }
      assertEquals(50, got.get());
      assertEquals(1, runs.get());
    }

    @Test
    void interruptedAwaiterGetsCancellationExceptionAndTheRunGoesOn() throws Exception {
      if (!concurrent()) {
        return;
      }
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        release.await();
        return 7;
      });
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread waiter = Thread.ofVirtual().start(() -> {
        try {
          a.await();
          outcome.complete(null);
        } catch (Throwable t) {
          outcome.complete(t);
        }
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> a.state() instanceof AsyncState.Loading);
      waiter.interrupt();
      assertInstanceOf(java.util.concurrent.CancellationException.class, outcome.get(5, SECONDS));
      release.countDown();
      assertEquals(7, a.await());
    }

    @Test
    void invalidateRerunsTheBody() {
      AtomicInteger external = new AtomicInteger(1);
      AsyncDerived<Integer> a = g.asyncDerived(external::get);
      assertEquals(1, a.await());
      external.set(2);
      assertEquals(1, a.await());
      a.invalidate();
      assertEquals(2, a.await());
    }
  }

  @Nested
  class Disposal {
    @Test
    void disposeCancelsTheRunAndNothingRerunsAfterwards() {
      Signal<Integer> s = g.signal(1);
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<Integer> a = g.asyncDerived(() -> {
        runs.incrementAndGet();
        return s.get();
      });
      g.effect(() -> a.state());
      await().atMost(Duration.ofSeconds(5)).until(() -> a.state() instanceof AsyncState.Ready);
      a.dispose();
      assertTrue(a.isDisposed());
      int before = runs.get();
      s.set(2);
      assertEquals(before, runs.get());
      assertThrows(java.util.concurrent.CancellationException.class, a::await);
    }
  }

  @Nested
  class Effects {
    @Test
    void runsThroughTheFactoryAndRerunsOnChange() {
      Signal<Integer> s = g.signal(1);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      AsyncEffect e = g.asyncEffect(() -> seen.add(s.get()));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of(1)));
      s.set(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of(1, 2)));
      e.dispose();
      s.set(3);
      assertEquals(List.of(1, 2), seen);
    }

    @Test
    void callImmediatelyFalseWaitsForRun() throws Exception {
      Signal<Integer> s = g.signal(1);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      AsyncEffect e = g.asyncEffect(() -> seen.add(s.get()),
          AsyncEffect.Options.defaults().callImmediately(false).name("lazy"));
      s.set(2);
      assertEquals(List.of(), seen);
      e.run().get(5, SECONDS);
      assertEquals(List.of(2), seen);
    }

    @Test
    void errorsGoToTheHandlerNamingTheNodeAndTheEffectStaysAlive() {
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        seen.add(s.get());
        if (s.get() == 1) {
          throw new IllegalStateException("boom");
        }
      }, AsyncEffect.Options.defaults().name("saver"));
      s.set(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() == 1);
      NodeException e = assertInstanceOf(NodeException.class, errors.get(0));
      assertTrue(e.getMessage().contains("async effect 'saver'"), e.getMessage());
      assertEquals("boom", e.getCause().getMessage());
      s.set(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(2));
    }

    @Test
    void neverTwoRunsAtOnce() {
      Signal<Integer> s = g.signal(0);
      AtomicInteger active = new AtomicInteger();
      AtomicInteger maxActive = new AtomicInteger();
      List<Integer> seen = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        try {
          int v = s.get();
          sleep(2);
          seen.add(v);
        } finally {
          active.decrementAndGet();
        }
      }, AsyncEffect.Options.defaults().supersede(AsyncEffect.Supersede.QUEUE));
      for (int i = 1; i <= 50; i++) {
        s.set(i);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(50));
      assertEquals(1, maxActive.get());
    }

    @Test
    void queueCoalescesAndTheLastRunSeesTheLastValue() {
      if (!concurrent()) {
        return;
      }
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        int v = s.get();
        sleep(20);
        seen.add(v);
      }, AsyncEffect.Options.defaults().supersede(AsyncEffect.Supersede.QUEUE));
      for (int i = 1; i <= 100; i++) {
        s.set(i);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(100));
      assertTrue(seen.size() < 20, "coalesced: " + seen.size() + " runs");
      assertEquals(100, seen.get(seen.size() - 1));
    }

    @Test
    void cancelInterruptsTheStaleRun() throws Exception {
      if (!interrupts()) {
        return;
      }
      Signal<Integer> s = g.signal(0);
      AtomicInteger interrupted = new AtomicInteger();
      List<Integer> done = new CopyOnWriteArrayList<>();
      java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
      g.asyncEffect(() -> {
        int v = s.get();
        if (v == 0) {
          reading.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        }
        done.add(v);
      });
      assertTrue(reading.await(5, SECONDS), "the first run read its source");
      s.set(1);
      await().atMost(Duration.ofSeconds(1)).until(() -> interrupted.get() == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> done.equals(List.of(1)));
      assertEquals(List.of(), errors, "a superseded run's interrupt is not an error");
    }

    @Test
    void cleanupRunsBeforeTheNextRunAndOnDispose() {
      Signal<Integer> s = g.signal(1);
      List<String> log = new CopyOnWriteArrayList<>();
      AsyncEffect e = g.asyncEffect(() -> {
        int v = s.get();
        log.add("run " + v);
        Weft.onCleanup(() -> log.add("cleanup " + v));
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("run 1"));
      s.set(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("run 2"));
      e.dispose();
      await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("cleanup 2"));
      assertEquals(List.of("run 1", "cleanup 1", "run 2", "cleanup 2"), log);
    }

    @Test
    void disposeStopsTheRunInFlightAndNothingRerunsAfterwards() {
      Signal<Integer> s = g.signal(0);
      AtomicInteger runs = new AtomicInteger();
      AsyncEffect e = g.asyncEffect(() -> {
        runs.incrementAndGet();
        s.get();
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
      e.dispose();
      s.set(1);
      s.set(2);
      assertEquals(1, runs.get());
      assertThrows(IllegalStateException.class, e::run);
    }
  }

  @Nested
  class Ownership {
    @Test
    void aWrappingFactorySeesEveryRun() {
      AtomicInteger started = new AtomicInteger();
      TaskFactory base = factory();
      TaskFactory counting = work -> {
        started.incrementAndGet();
        return base.start(work);
      };
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() + 1,
          AsyncDerived.Options.defaults().taskFactory(counting).name("counted"));
      assertEquals(2, a.await());
      s.set(2);
      assertEquals(3, a.await());
      assertEquals(2, started.get());
    }

    @Test
    void closingTheGraphLeavesNoRunBehind() {
      AtomicInteger live = new AtomicInteger();
      Signal<Integer> s = g.signal(0);
      g.asyncEffect(() -> {
        live.incrementAndGet();
        try {
          s.get();
          if (concurrent()) {
            Thread.sleep(60_000);
          }
        } finally {
          live.decrementAndGet();
        }
      });
      if (concurrent()) {
        await().atMost(Duration.ofSeconds(5)).until(() -> live.get() == 1);
      }
      g.close();
      assertEquals(0, live.get(), "close() returns after the runs ended");
    }

    @Test
    void readsAreConsistentWithinOneRunOfAnEffect() {
      Signal<Integer> a = g.signal(0);
      Signal<Integer> b = g.signal(0);
      List<String> torn = new CopyOnWriteArrayList<>();
      AtomicInteger last = new AtomicInteger(-1);
      g.asyncEffect(() -> {
        int x = a.get();
        int y = b.get();
        if (x != y) {
          torn.add(x + "/" + y);
        }
        last.set(y);
      });
      for (int i = 1; i <= 50; i++) {
        int v = i;
        g.batch(() -> {
          a.set(v);
          b.set(v);
        });
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> last.get() == 50);
      assertEquals(List.of(), torn);
    }
  }

  @Test
  void sameThreadReadsOfAFreshValueReturnTheSameInstance() {
    Object token = new Object();
    AsyncDerived<Object> a = g.asyncDerived(() -> token);
    assertSame(token, a.await());
    assertSame(token, a.await());
  }
}
