package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
