package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A read through {@code AsyncDerived.await()} that itself starts a run (completed inline) must link
 * the reader to the value it returns, like {@code Derived.get()} does: the value the reader got is
 * not a change it has to react to. Found by the differential test with async nodes.
 */
class AwaitTrackingTest {
  final Graph g = Graph.builder().name("await").taskFactory(TaskFactory.inline()).build();

  @AfterEach
  void close() {
    g.close();
  }

  @Nested
  class AwaitThatStartsARun {
    @Test
    void anEffectThatAwaitsANeverComputedAsyncDerivedRunsOnceAtCreation() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> d = g.asyncDerived(() -> s.get() * 2);
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        d.await();
        runs.incrementAndGet();
      });
      assertEquals(1, runs.get(), "the effect got the value it awaited; that value is not a change to rerun for");
      s.set(2);
      assertEquals(2, runs.get());
    }

    @Test
    void anEffectThatAwaitsAStaleAsyncDerivedRunsOnce() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> d = g.asyncDerived(() -> s.get() * 2);
      assertEquals(2, d.await());
      s.set(5); // d is stale; nobody awaits it, so it does not run yet
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        d.await();
        runs.incrementAndGet();
      });
      assertEquals(1, runs.get(), "the effect's await ran d and got 10; that is not a change to rerun for");
    }

    @Test
    void aDerivedThatAwaitedIsNotRecomputedWhenItsOtherSourceCutsOff() {
      Signal<Integer> s = g.signal(1);
      Signal<Integer> u = g.signal(0);
      Derived<Integer> parity = g.derived(() -> u.get() % 2);
      AsyncDerived<Integer> d = g.asyncDerived(() -> s.get() * 3);
      AtomicInteger runs = new AtomicInteger();
      Derived<Integer> viaD = g.derived(() -> {
        runs.incrementAndGet();
        return d.await() + parity.get();
      });
      g.effect(viaD::get);
      assertEquals(1, runs.get());
      u.set(2); // parity recomputes to an equal value: viaD is checked, and nothing it read changed
      assertEquals(1, runs.get(), "viaD's link to d kept the version from before d's first value, so d looked changed");
    }
  }

  /**
   * A sync derived over an async derived (read with {@code await()}, inline factory) must be as fresh
   * as any other derived: a write to the async derived's source makes it stale at once, not only once
   * the async derived has rerun. Today the async node absorbs the mark (it queues itself and does not
   * pass the mark on), and answers "clean" to the pull phase, so readers get the old value.
   */
  @Nested
  class DerivedOverAsyncDerived {
    @Test
    void anUnwatchedDerivedIsFreshAfterAWriteToTheAsyncSource() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() * 2);
      Derived<Integer> d = g.derived(() -> a.await() + 1);
      assertEquals(3, d.get());
      s.set(5);
      assertEquals(11, d.get(), "the derived returned its value from before the write");
    }

    @Test
    void aWatchedDerivedIsFreshInsideTheBatchThatWrote() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() * 2);
      Derived<Integer> d = g.derived(() -> a.await() + 1);
      g.effect(d::get);
      int inside = g.batch(() -> {
        s.set(5);
        return d.get();
      });
      assertEquals(11, inside, "reads inside a batch see its writes");
    }

    @Test
    void anEffectNeverSeesADerivedOfAnAsyncDerivedOutOfStepWithItsSource() {
      Signal<Integer> s = g.signal(1);
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() * 2);
      Derived<Integer> d = g.derived(() -> a.await() + 1);
      List<String> torn = new ArrayList<>();
      g.effect(() -> {
        int v = s.get();
        int dv = d.get();
        if (dv != 2 * v + 1) {
          torn.add("s=" + v + " d=" + dv);
        }
      });
      for (int i = 2; i <= 5; i++) {
        s.set(i);
      }
      assertEquals(List.of(), torn, "glitch: the effect saw d computed from an older s");
    }
  }
}
