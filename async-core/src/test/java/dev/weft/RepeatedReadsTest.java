package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A source read several times by one run, with other reads in between: the run keeps one link per
 * source (not one per read), and what it saw is judged by its first read.
 */
class RepeatedReadsTest {
  final Graph g = Graph.builder().name("repeated").build();

  @AfterEach
  void close() {
    g.close();
  }

  /** Links in the consumer's dependency list (white box: the kernel's own structure). */
  static int links(Object consumer) {
    int n = 0;
    for (Link l = ((Consumer) consumer).deps; l != null; l = l.nextDep) {
      n++;
    }
    return n;
  }

  /** Links in the producer's subscriber list. */
  static int subscribers(Object producer) {
    int n = 0;
    for (Link l = ((Node) producer).subs; l != null; l = l.nextSub) {
      n++;
    }
    return n;
  }

  @Nested
  class OneLinkPerSource {
    @Test
    void aDerivedAlternatingBetweenTwoSourcesKeepsOneLinkToEach() {
      Signal<Integer> a = g.signal(1);
      Signal<Integer> b = g.signal(10);
      Derived<Integer> sum = g.derived(() -> {
        int s = 0;
        for (int i = 0; i < 20; i++) {
          s += a.get() + b.get();
        }
        return s;
      });
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(sum.get()));
      assertEquals(2, links(sum));
      assertEquals(1, subscribers(a));
      b.set(20);
      a.set(2);
      assertEquals(List.of(220, 420, 440), seen);
      assertEquals(2, links(sum));
      assertEquals(1, subscribers(b));
    }

    @Test
    void switchingBranchesInsideALoopStopsTrackingTheBranchNoLongerRead() {
      Signal<Integer> head = g.signal(1);
      Signal<Integer> odd = g.signal(100);
      Signal<Integer> even = g.signal(200);
      AtomicInteger computations = new AtomicInteger();
      Derived<Integer> pick = g.derived(() -> {
        computations.incrementAndGet();
        int s = 0;
        for (int i = 0; i < 5; i++) {
          s += head.get() % 2 != 0 ? odd.get() : even.get();
        }
        return s;
      });
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(pick.get()));
      head.set(2);
      assertEquals(List.of(500, 1000), seen);
      assertEquals(2, links(pick), "head and even");
      assertEquals(0, subscribers(odd), "the branch no longer read is unsubscribed");
      int before = computations.get();
      odd.set(101);
      assertEquals(before, computations.get(), "a write to the dropped branch recomputes nothing");
      even.set(201);
      assertEquals(List.of(500, 1000, 1005), seen);
    }
  }

  @Nested
  class StaleReads {
    @Test
    void anEffectThatChangesASourceBetweenTwoReadsOfItRunsAgain() {
      Signal<Integer> s = g.signal(0);
      Signal<Integer> other = g.signal(0);
      List<String> runs = new ArrayList<>();
      g.effect(() -> {
        int first = s.get();
        other.get();
        if (first == 0) {
          s.set(1);
        }
        int second = s.get();
        runs.add(first + "/" + second);
      });
      // The first run read s = 0 before writing it: it saw a stale value, so it runs again.
      assertEquals(List.of("0/1", "1/1"), runs);
    }
  }
}
