package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The way back up of the pull phase: a check returns from a derived it descended into through the
 * subscriber's link kept on that derived ({@link Link#checkReturn}) when the subscriber is watched,
 * and through an explicit stack otherwise. These tests mix both, fail and dispose in the middle of a
 * check, and then require the graph to compute correctly again (no node left marked as computing).
 */
class CheckPathTest {
  final List<Throwable> reported = new ArrayList<>();
  final Graph g = Graph.builder().name("check-path").errorHandler(reported::add).build();

  @AfterEach
  void close() {
    g.close();
  }

  /** A chain of {@code n} deriveds, each its predecessor plus one, starting from {@code source}. */
  private List<Derived<Integer>> chain(ReadableSignal<Integer> source, int n) {
    List<Derived<Integer>> chain = new ArrayList<>();
    ReadableSignal<Integer> previous = source;
    for (int i = 0; i < n; i++) {
      ReadableSignal<Integer> p = previous;
      Derived<Integer> d = g.derived(() -> p.get() + 1);
      chain.add(d);
      previous = d;
    }
    return chain;
  }

  @Nested
  class LongChains {
    @Test
    void aWatchedChainDeeperThanAnyStackIsCheckedExactlyOncePerWrite() {
      Signal<Integer> source = g.signal(0);
      List<Derived<Integer>> chain = chain(source, 300);
      Derived<Integer> end = chain.get(299);
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(end.get()));
      for (int i = 1; i <= 50; i++) {
        source.set(i);
      }
      assertEquals(51, seen.size(), "one run per write, none skipped or repeated");
      assertEquals(350, seen.get(50));
    }

    @Test
    void watchedAndUnwatchedReadersOfOneChainBothSeeFreshValues() {
      Signal<Integer> source = g.signal(0);
      List<Derived<Integer>> chain = chain(source, 40);
      // Watched by an effect at depth 40, and read from outside through an unwatched derived at
      // depth 20 (its check goes on the stack; the effect's returns through the chain's links).
      AtomicInteger effectSaw = new AtomicInteger();
      g.effect(() -> effectSaw.set(chain.get(39).get()));
      Derived<Integer> unwatched = g.derived(() -> chain.get(19).get() * 2);
      for (int i = 1; i <= 20; i++) {
        source.set(i);
        assertEquals((i + 20) * 2, unwatched.get());
        assertEquals(i + 40, effectSaw.get());
      }
    }

    @Test
    void aSharedMiddleNodeReturnsToEachOfItsSubscribers() {
      Signal<Integer> source = g.signal(0);
      List<Derived<Integer>> chain = chain(source, 10);
      Derived<Integer> left = g.derived(() -> chain.get(9).get() + 100);
      Derived<Integer> right = g.derived(() -> chain.get(9).get() + 200);
      List<Integer> sums = new ArrayList<>();
      g.effect(() -> sums.add(left.get() + right.get()));
      g.effect(() -> sums.add(-chain.get(9).get()));
      source.set(5);
      assertEquals(List.of(320, -10, 330, -15), sums);
    }
  }

  @Nested
  class FailureMidCheck {
    @Test
    void anEqualityThatThrowsInTheMiddleOfAChainLeavesItComputable() {
      Signal<Integer> source = g.signal(0);
      AtomicInteger throwOn = new AtomicInteger(-1);
      List<Derived<Integer>> head = chain(source, 5);
      Derived<Integer> fragile = g.derived(() -> head.get(4).get() + 1, (a, b) -> {
        if (b == throwOn.get()) {
          throw new IllegalStateException("equality failed on " + b);
        }
        return a.equals(b);
      });
      List<Derived<Integer>> tail = chain(fragile, 5);
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(tail.get(4).get()));

      throwOn.set(3 + 6);
      // The check of the effect throws from the equality, deep in the chain; the writer gets it.
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.set(3));
      assertEquals("equality failed on 9", e.getMessage());

      source.set(4); // every node the aborted check passed through must compute again
      assertEquals(List.of(11, 15), seen);
      assertEquals(15, tail.get(4).get());
      assertEquals(10, fragile.get());
    }

    @Test
    void aCycleFoundDeepInACheckIsReportedAndTheRestStaysUsable() {
      Signal<Integer> source = g.signal(0);
      Signal<Boolean> loop = g.signal(false);
      Derived<Integer>[] self = newDerivedArray();
      List<Derived<Integer>> head = chain(source, 4);
      self[0] = g.derived(() -> loop.get() ? self[0].get() : head.get(3).get());
      List<Derived<Integer>> tail = chain(self[0], 4);
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        runs.incrementAndGet();
        tail.get(3).get();
      });
      assertThrows(CycleException.class, () -> loop.set(true), "the effect's run finds the cycle");
      assertThrows(CycleException.class, () -> tail.get(3).get());
      loop.set(false);
      source.set(1);
      assertEquals(9, tail.get(3).get(), "1 + 4 + 4");
      assertTrue(runs.get() >= 3);
    }

    @SuppressWarnings("unchecked")
    private Derived<Integer>[] newDerivedArray() {
      return (Derived<Integer>[]) new Derived<?>[1];
    }
  }

  @Nested
  class DisposalMidCheck {
    @Test
    void anEffectDisposedByADerivedFunctionDuringItsOwnCheckLeavesTheGraphConsistent() {
      Signal<Integer> source = g.signal(0);
      Effect[] victim = new Effect[1];
      Derived<Integer> a = g.derived(() -> {
        int v = source.get();
        if (v == 2 && victim[0] != null) {
          victim[0].dispose(); // a side effect a derived function should not have; must not corrupt
        }
        return v + 1;
      });
      Derived<Integer> b = g.derived(() -> a.get() * 10);
      List<Integer> survivor = new ArrayList<>();
      victim[0] = g.effect(b::get);
      g.effect(() -> survivor.add(b.get()));
      source.set(1);
      source.set(2);
      source.set(3);
      assertTrue(victim[0].isDisposed());
      assertEquals(List.of(10, 20, 30, 40), survivor);
      assertEquals(40, b.get());
    }
  }
}
