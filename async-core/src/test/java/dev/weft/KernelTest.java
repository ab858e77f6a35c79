package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KernelTest {
  final Graph g = Graph.builder().name("test").build();

  @AfterEach
  void close() {
    g.close();
  }

  @Nested
  class Signals {
    @Test
    void setReportsChangeByEquality() {
      Signal<String> s = g.signal("a");
      assertFalse(s.set("a"));
      assertTrue(s.set("b"));
      assertEquals("b", s.get());
      assertEquals("b", s.peek());
    }

    @Test
    void customEqualities() {
      Signal<String> identity = g.signal("x", Equality.identity());
      assertTrue(identity.set(new String("x")));
      Signal<Integer> never = g.signal(1, Equality.never());
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        never.get();
        runs.incrementAndGet();
      });
      assertTrue(never.set(1));
      assertEquals(2, runs.get());
    }

    @Test
    void updateIsReadModifyWrite() {
      Signal<Integer> s = g.signal(1);
      assertTrue(s.update(v -> v + 1));
      assertFalse(s.update(v -> v));
      assertEquals(2, s.get());
    }

    @Test
    void readOnlyViewFollowsButCannotWrite() {
      Signal<Integer> s = g.signal(1);
      ReadableSignal<Integer> ro = s.readOnly();
      assertFalse(ro instanceof Signal);
      s.set(2);
      assertEquals(2, ro.get());
    }

    @Test
    void subscribeGetsCurrentThenChanges() {
      Signal<Integer> s = g.signal(1);
      List<Integer> seen = new ArrayList<>();
      Subscription sub = s.subscribe(seen::add);
      s.set(2);
      s.set(2);
      s.set(3);
      sub.dispose();
      s.set(4);
      assertEquals(List.of(1, 2, 3), seen);
      assertTrue(sub.isDisposed());
    }

    @Test
    void nullsAreRejectedAtTheCall() {
      Signal<Integer> s = g.signal(1);
      NullPointerException e = assertThrows(NullPointerException.class, () -> s.set(null));
      assertEquals("value", e.getMessage());
      assertThrows(NullPointerException.class, () -> g.signal(null));
      assertThrows(NullPointerException.class, () -> s.update(v -> null));
      assertEquals(1, s.get());
    }
  }

  @Nested
  class DerivedValues {
    @Test
    void lazyAndCached() {
      Signal<Integer> s = g.signal(1);
      AtomicInteger runs = new AtomicInteger();
      Derived<Integer> d = g.derived(() -> {
        runs.incrementAndGet();
        return s.get() * 10;
      });
      assertEquals(0, runs.get(), "not computed before the first read");
      assertEquals(10, d.get());
      assertEquals(10, d.get());
      assertEquals(1, runs.get(), "cached");
      s.set(1);
      assertEquals(10, d.get());
      assertEquals(1, runs.get(), "an equal write changes nothing");
      s.set(2);
      assertEquals(0 + 1, runs.get(), "not recomputed until read");
      assertEquals(20, d.get());
      assertEquals(2, runs.get());
    }

    @Test
    void neverRecomputesWhenItsSourcesDidNotChange() {
      Signal<Integer> a = g.signal(1);
      Signal<Integer> b = g.signal(1);
      AtomicInteger runs = new AtomicInteger();
      Derived<Integer> d = g.derived(() -> {
        runs.incrementAndGet();
        return a.get() + 1;
      });
      d.get();
      b.set(2);
      b.set(3);
      assertEquals(2, d.get());
      assertEquals(1, runs.get());
    }

    @Test
    void equalityCutOffStopsDownstreamWork() {
      Signal<Integer> s = g.signal(2);
      Derived<Boolean> even = g.derived(() -> s.get() % 2 == 0);
      AtomicInteger downstream = new AtomicInteger();
      Derived<String> label = g.derived(() -> {
        downstream.incrementAndGet();
        return even.get() ? "even" : "odd";
      });
      AtomicInteger effects = new AtomicInteger();
      g.effect(() -> {
        label.get();
        effects.incrementAndGet();
      });
      s.set(4);
      s.set(6);
      assertEquals(1, downstream.get());
      assertEquals(1, effects.get());
      s.set(7);
      assertEquals(2, downstream.get());
      assertEquals(2, effects.get());
    }

    @Test
    void memoizedNeverCutsOff() {
      Signal<Integer> s = g.signal(2);
      Derived<Boolean> even = g.memoized(() -> s.get() % 2 == 0);
      AtomicInteger effects = new AtomicInteger();
      g.effect(() -> {
        even.get();
        effects.incrementAndGet();
      });
      s.set(4);
      assertEquals(2, effects.get());
    }

    @Test
    void invalidateRecomputesOnNextRead() {
      AtomicInteger external = new AtomicInteger(1);
      Derived<Integer> d = g.derived(external::get);
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(d.get()));
      external.set(2);
      d.invalidate();
      assertEquals(2, d.get());
      d.invalidate(); // recomputes to an equal value: nothing reruns
      assertEquals(List.of(1, 2), seen);
    }

    @Test
    void dynamicDependenciesAreRetrackedOnEveryRun() {
      Signal<Boolean> useA = g.signal(true);
      Signal<String> a = g.signal("a");
      Signal<String> b = g.signal("b");
      AtomicInteger runs = new AtomicInteger();
      Derived<String> pick = g.derived(() -> {
        runs.incrementAndGet();
        return useA.get() ? a.get() : b.get();
      });
      List<String> seen = new ArrayList<>();
      g.effect(() -> seen.add(pick.get()));
      b.set("b2"); // not read: nothing happens
      assertEquals(1, runs.get());
      useA.set(false);
      a.set("a2"); // no longer read: nothing happens
      assertEquals(2, runs.get());
      b.set("b3");
      assertEquals(List.of("a", "b2", "b3"), seen);
    }

    @Test
    void failureIsCachedAndRethrownUntilASourceChanges() {
      Signal<Integer> s = g.signal(0);
      AtomicInteger runs = new AtomicInteger();
      Derived<Integer> d = g.derived(() -> {
        runs.incrementAndGet();
        if (s.get() == 0) {
          throw new ArithmeticException("zero");
        }
        return 10 / s.get();
      });
      ArithmeticException first = assertThrows(ArithmeticException.class, d::get);
      ArithmeticException second = assertThrows(ArithmeticException.class, d::get);
      assertSame(first, second);
      assertEquals(1, runs.get());
      s.set(2);
      assertEquals(5, d.get());
    }

    @Test
    void nullResultIsAFailureNamingTheNode() {
      Derived<String> d = g.derived("nothing", () -> null);
      NullPointerException e = assertThrows(NullPointerException.class, d::get);
      assertTrue(e.getMessage().contains("derived 'nothing'"), e.getMessage());
    }
  }

  @Nested
  class Effects {
    @Test
    void runsImmediatelyAndOnChange() {
      Signal<Integer> s = g.signal(1);
      List<Integer> seen = new ArrayList<>();
      Effect e = g.effect(() -> seen.add(s.get()));
      s.set(2);
      e.dispose();
      s.set(3);
      assertEquals(List.of(1, 2), seen);
      assertTrue(e.isDisposed());
    }

    @Test
    void lazyEffectWaitsForRun() {
      Signal<Integer> s = g.signal(1);
      List<Integer> seen = new ArrayList<>();
      Effect e = g.effect(() -> seen.add(s.get()), Effect.Options.defaults().callImmediately(false));
      s.set(2);
      assertEquals(List.of(), seen);
      e.run();
      s.set(3);
      assertEquals(List.of(2, 3), seen);
    }

    @Test
    void runAfterDisposeIsRejected() {
      Effect e = g.effect(() -> {});
      e.dispose();
      e.dispose();
      assertThrows(IllegalStateException.class, e::run);
    }

    @Test
    void cleanupRunsBeforeNextRunAndOnDispose() {
      Signal<Integer> s = g.signal(1);
      List<String> log = new ArrayList<>();
      Effect e = g.effect(() -> {
        int v = s.get();
        log.add("run " + v);
        Weft.onCleanup(() -> log.add("cleanup " + v));
      });
      s.set(2);
      e.dispose();
      assertEquals(List.of("run 1", "cleanup 1", "run 2", "cleanup 2"), log);
    }

    @Test
    void onCleanupOutsideAnEffectIsAnError() {
      assertThrows(IllegalStateException.class, () -> Weft.onCleanup(() -> {}));
    }

    @Test
    void effectsRunOncePerFlushInCreationOrder() {
      Signal<Integer> s = g.signal(0);
      List<String> log = new ArrayList<>();
      Derived<Integer> d1 = g.derived(() -> s.get() + 1);
      Derived<Integer> d2 = g.derived(() -> s.get() + 2);
      g.effect(() -> log.add("first " + d1.get() + d2.get()));
      g.effect(() -> log.add("second " + d2.get()));
      log.clear();
      s.set(1);
      assertEquals(List.of("first 23", "second 3"), log);
    }

    @Test
    void throwingEffectStaysAliveOtherEffectsRunFirstErrorRethrown() {
      Signal<Integer> s = g.signal(0);
      List<Integer> ok = new ArrayList<>();
      AtomicInteger failing = new AtomicInteger();
      g.effect(() -> {
        if (s.get() > 0) {
          failing.incrementAndGet();
          throw new IllegalArgumentException("first " + s.get());
        }
      });
      g.effect(() -> {
        if (s.get() > 0) {
          throw new IllegalStateException("second");
        }
      });
      g.effect(() -> ok.add(s.get()));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set(1));
      assertEquals("first 1", e.getMessage());
      assertEquals(1, e.getSuppressed().length);
      assertInstanceOf(IllegalStateException.class, e.getSuppressed()[0]);
      assertEquals(List.of(0, 1), ok);
      assertThrows(IllegalArgumentException.class, () -> s.set(2));
      assertEquals(2, failing.get(), "the throwing effect reran");
      assertEquals(List.of(0, 1, 2), ok);
    }

    @Test
    void selfRetriggeringEffectStopsWithCycleException() {
      Signal<Integer> s = g.signal(0);
      Effect e = g.effect(() -> s.set(s.get() + 1), Effect.Options.defaults().callImmediately(false));
      CycleException c = assertThrows(CycleException.class, e::run);
      assertTrue(c.getMessage().contains("re-triggering"), c.getMessage());
      assertEquals(Kernel.MAX_FLUSH_ROUNDS + 1, s.get());
      assertThrows(CycleException.class, () -> s.set(0), "the effect stays alive: it cycles again");
      e.dispose();
      s.set(0); // the graph works once the looping effect is gone
      assertEquals(0, s.get());
    }

    @Test
    void writesOfOneRunReachDependentsTogether() {
      Signal<Integer> trigger = g.signal(0);
      Signal<Integer> a = g.signal(0);
      Signal<Integer> b = g.signal(0);
      List<String> seen = new ArrayList<>();
      g.effect(() -> seen.add(a.get() + "/" + b.get()));
      g.effect(() -> {
        int t = trigger.get();
        a.set(t);
        b.set(t);
      });
      seen.clear();
      trigger.set(5);
      assertEquals(List.of("5/5"), seen);
    }
  }

  @Nested
  class Batches {
    @Test
    void nestedBatchesFlushOnceAtTheOutermostExit() {
      Signal<Integer> a = g.signal(0);
      Signal<Integer> b = g.signal(0);
      List<String> seen = new ArrayList<>();
      g.effect(() -> seen.add(a.get() + "," + b.get()));
      g.batch(() -> {
        a.set(1);
        g.batch(() -> b.set(2));
        assertEquals(1, seen.size(), "inner batch exit does not flush");
        assertEquals(2, b.get(), "reads inside see the new values");
      });
      assertEquals(List.of("0,0", "1,2"), seen);
    }

    @Test
    void derivedReadInsideBatchSeesNewValues() {
      Signal<Integer> a = g.signal(1);
      Derived<Integer> d = g.derived(() -> a.get() * 2);
      int inside = g.batch(() -> {
        a.set(5);
        return d.get();
      });
      assertEquals(10, inside);
    }

    @Test
    void throwingBatchStillFlushes() {
      Signal<Integer> a = g.signal(0);
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(a.get()));
      assertThrows(IllegalStateException.class, () -> g.batch(() -> {
        a.set(1);
        throw new IllegalStateException("boom");
      }));
      assertEquals(List.of(0, 1), seen);
    }
  }

  @Nested
  class GlitchFreedom {
    @Test
    void diamondRunsEffectOncePerWriteAndSeesConsistentValues() {
      Signal<Integer> head = g.signal(0);
      List<Derived<Integer>> branches = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        branches.add(g.derived(() -> head.get() + 1));
      }
      Derived<Integer> sum = g.derived(() -> branches.stream().mapToInt(Derived::get).sum());
      AtomicInteger runs = new AtomicInteger();
      List<Integer> sums = new ArrayList<>();
      g.effect(() -> {
        sums.add(sum.get());
        runs.incrementAndGet();
      });
      runs.set(0);
      sums.clear();
      for (int i = 0; i < 500; i++) {
        head.set(i + 1);
        assertEquals((i + 2) * 5, sum.get());
      }
      assertEquals(500, runs.get());
      for (int i = 0; i < 500; i++) {
        assertEquals((i + 2) * 5, sums.get(i), "no glitch: every observed sum is consistent");
      }
    }

    @Test
    void chainOf100kIsConsistentWithoutStackOverflow() {
      Signal<Integer> head = g.signal(0);
      Derived<Integer> d = g.derived(head::get);
      for (int i = 0; i < 100_000; i++) {
        Derived<Integer> prev = d;
        d = g.derived(() -> prev.get() + 1);
      }
      Derived<Integer> end = d;
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(end.get() - head.get()));
      head.set(7);
      head.set(8);
      assertEquals(List.of(100_000, 100_000, 100_000), seen);
    }
  }

  @Nested
  class Cycles {
    @Test
    void derivedReadingItselfThrowsCycleException() {
      Derived<Integer>[] self = new Derived[1];
      self[0] = g.derived("loop", () -> self[0].get() + 1);
      CycleException e = assertThrows(CycleException.class, self[0]::get);
      assertTrue(e.getMessage().contains("derived 'loop'"), e.getMessage());
      assertInstanceOf(IllegalStateException.class, e);
    }

    @Test
    void indirectCycleThrows() {
      Derived<Integer>[] nodes = new Derived[2];
      nodes[0] = g.derived("a", () -> nodes[1].get() + 1);
      nodes[1] = g.derived("b", () -> nodes[0].get() + 1);
      assertThrows(CycleException.class, nodes[0]::get);
      assertThrows(CycleException.class, nodes[1]::get);
    }

    @Test
    void writingInsideDerivedThrows() {
      Signal<Integer> s = g.signal(0);
      Derived<Integer> d = g.derived("writer", () -> {
        s.set(1);
        return 1;
      });
      IllegalStateException e = assertThrows(IllegalStateException.class, d::get);
      assertTrue(e.getMessage().contains("derived 'writer'"), e.getMessage());
      assertEquals(0, s.get());
    }
  }

  @Nested
  class Isolation {
    @Test
    void computationNeverSubscribesToAnotherGraph() {
      try (Graph other = Graph.create()) {
        Signal<Integer> foreign = other.signal(1);
        Signal<Integer> local = g.signal(1);
        List<Integer> seen = new ArrayList<>();
        g.effect(() -> seen.add(local.get() + foreign.get()));
        foreign.set(10);
        assertEquals(List.of(2), seen, "the foreign read was untracked");
        local.set(2);
        assertEquals(List.of(2, 12), seen);
      }
    }

    @Test
    void writeToAnotherGraphFromAnEffectIsAppliedAfterTheLockIsReleased() {
      try (Graph other = Graph.create()) {
        Signal<Integer> target = other.signal(0);
        List<Integer> seen = new ArrayList<>();
        other.effect(() -> seen.add(target.get()));
        Signal<Integer> source = g.signal(0);
        g.effect(() -> target.set(source.get() * 2));
        source.set(21);
        assertEquals(42, target.get());
        assertEquals(List.of(0, 42), seen);
      }
    }

    @Test
    void writeToAnotherGraphInABatchIsDeferredAlsoRightAfterThisThreadWroteItDirectly() {
      try (Graph other = Graph.create()) {
        Signal<Integer> target = other.signal(0);
        target.set(1); // this thread is now the last top-level holder of other's lock
        g.batch(() -> {
          target.set(5);
          assertEquals(1, target.peek(), "deferred until this thread releases the batch's lock");
        });
        assertEquals(5, target.peek());
      }
    }

    @Test
    void anotherThreadsBookkeepingIsNeverTakenForThisThreads() throws Exception {
      try (Graph other = Graph.create()) {
        Signal<Integer> target = other.signal(0);
        java.util.concurrent.CountDownLatch inBatch = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
          target.set(1); // t is now the last top-level holder of other's lock
          g.batch(() -> { // t holds g's lock: its own writes to other would be deferred
            inBatch.countDown();
            awaitQuietly(done);
          });
        });
        try {
          assertTrue(inBatch.await(10, java.util.concurrent.TimeUnit.SECONDS));
          target.set(7);
          assertEquals(7, target.peek(), "this thread holds no lock: its write applies at once");
        } finally {
          done.countDown();
          t.join();
        }
      }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
      try {
        latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Test
    void closeDisposesEffectsAndRejectsNewNodes() {
      Graph local = Graph.create();
      Signal<Integer> s = local.signal(1);
      List<Integer> seen = new ArrayList<>();
      Effect e = local.effect(() -> seen.add(s.get()));
      local.close();
      assertTrue(e.isDisposed());
      s.set(2);
      assertEquals(List.of(1), seen);
      assertThrows(IllegalStateException.class, () -> local.signal(1));
    }
  }

  @Nested
  class GarbageCollection {
    @Test
    void unwatchedDerivedIsNotRetainedByItsSources() {
      Signal<Integer> s = g.signal(1);
      Derived<Integer> d = g.derived(() -> s.get() + 1);
      assertEquals(2, d.get());
      SignalNode<Integer> node = (SignalNode<Integer>) s;
      assertEquals(null, node.subs, "no edge from the source to an unwatched derived");
      Effect e = g.effect(d::get);
      assertTrue(node.subs != null);
      e.dispose();
      assertEquals(null, node.subs, "disposing the last watcher unwatches the chain");
    }
  }
}
