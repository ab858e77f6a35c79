package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Limits: a million signals in one graph, a fan-out of 100,000 effects on one signal, chains of
 * 100,000 derived values. Sizes are system properties ({@code weft.limits.signals}, {@code
 * weft.limits.effects}, {@code weft.limits.chain}); each test prints its cost.
 *
 * <p>The chains are read on a platform thread with the JVM's default stack (what a user thread gets),
 * and must not overflow it: propagation is iterative, and so must be the pull phase (checking whether
 * sources changed) and a first computation through a deep chain.
 */
class LimitsTest {
  static final int SIGNALS = Integer.getInteger("weft.limits.signals", 1_000_000);
  static final int EFFECTS = Integer.getInteger("weft.limits.effects", 100_000);
  static final int CHAIN = Integer.getInteger("weft.limits.chain", 100_000);

  final Graph g = Graph.builder().name("limits").build();

  @AfterEach
  void close() {
    g.close();
  }

  static void report(String what, long startedNanos) {
    System.out.printf("limits: %s in %,d ms%n", what, (System.nanoTime() - startedNanos) / 1_000_000);
  }

  /** Runs {@code work} on a fresh platform thread with the default stack size; fails on a StackOverflowError. */
  static <T> T onDefaultStack(String what, Supplier<T> work) throws InterruptedException {
    Object[] result = new Object[1];
    Throwable[] error = new Throwable[1];
    Thread t = Thread.ofPlatform().name("default-stack").start(() -> {
      try {
        result[0] = work.get();
      } catch (Throwable e) {
        error[0] = e;
      }
    });
    t.join();
    if (error[0] instanceof StackOverflowError) {
      fail(what + " overflowed the default thread stack: the kernel recurses once per link of the chain", error[0]);
    } else if (error[0] != null) {
      throw new AssertionError(what + " failed", error[0]);
    }
    @SuppressWarnings("unchecked")
    T r = (T) result[0];
    return r;
  }

  @Nested
  class AMillionSignals {
    @Test
    void aMillionSignalsInOneGraphFeedingOneDerivedAndEffect() {
      long started = System.nanoTime();
      List<Signal<Integer>> signals = new ArrayList<>(SIGNALS);
      for (int i = 0; i < SIGNALS; i++) {
        signals.add(g.signal(1));
      }
      report("creating " + SIGNALS + " signals", started);
      started = System.nanoTime();
      Derived<Long> sum = g.derived(() -> {
        long total = 0;
        for (Signal<Integer> s : signals) {
          total += s.get();
        }
        return total;
      });
      AtomicLong seen = new AtomicLong();
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        seen.set(sum.get());
        runs.incrementAndGet();
      });
      report("a derived and an effect over " + SIGNALS + " signals", started);
      assertEquals(SIGNALS, seen.get());
      started = System.nanoTime();
      for (int k = 0; k < 10; k++) {
        signals.get(k * (SIGNALS / 10)).set(2);
      }
      report("10 writes, each recomputing the sum over " + SIGNALS + " signals", started);
      assertEquals(SIGNALS + 10L, seen.get());
      assertEquals(11, runs.get());
    }
  }

  @Nested
  class FanOut {
    @Test
    void aHundredThousandEffectsOnOneSignalRunOncePerWriteAndDisposeCleanly() {
      Signal<Integer> s = g.signal(0);
      AtomicLong sum = new AtomicLong();
      List<Effect> effects = new ArrayList<>(EFFECTS);
      long started = System.nanoTime();
      for (int i = 0; i < EFFECTS; i++) {
        effects.add(g.effect(() -> sum.addAndGet(s.get())));
      }
      report("creating " + EFFECTS + " effects on one signal", started);
      started = System.nanoTime();
      s.set(1);
      report("one write running " + EFFECTS + " effects", started);
      assertEquals(EFFECTS, sum.get());
      started = System.nanoTime();
      for (Effect e : effects) {
        e.dispose();
      }
      report("disposing " + EFFECTS + " effects", started);
      s.set(2);
      assertEquals(EFFECTS, sum.get(), "disposed effects never run");
    }
  }

  @Nested
  class DeepChains {
    /** head -> d1 = head + 1 -> ... -> dN = head + N. */
    private List<Derived<Integer>> chain(Signal<Integer> head) {
      List<Derived<Integer>> chain = new ArrayList<>(CHAIN);
      Derived<Integer> prev = g.derived(head::get);
      chain.add(prev);
      for (int i = 1; i < CHAIN; i++) {
        Derived<Integer> p = prev;
        prev = g.derived(() -> p.get() + 1);
        chain.add(prev);
      }
      return chain;
    }

    /** Computes the chain front to back in short steps, so that no single read is deep. */
    private void warm(List<Derived<Integer>> chain) {
      for (int i = 0; i < chain.size(); i += 100) {
        chain.get(i).get();
      }
    }

    @Test
    void theFirstReadOfTheEndOfAChainOfAHundredThousandDeriveds() throws Exception {
      Signal<Integer> head = g.signal(0);
      List<Derived<Integer>> chain = chain(head);
      long started = System.nanoTime();
      int end = onDefaultStack("the first read of a chain of " + CHAIN, () -> chain.getLast().get());
      report("first read of a chain of " + CHAIN, started);
      assertEquals(CHAIN - 1, end);
    }

    @Test
    void readingTheEndOfAWarmChainAfterAWriteToItsHead() throws Exception {
      Signal<Integer> head = g.signal(0);
      List<Derived<Integer>> chain = chain(head);
      warm(chain);
      assertEquals(CHAIN - 1, chain.getLast().get());
      head.set(1);
      long started = System.nanoTime();
      int end = onDefaultStack("re-reading a chain of " + CHAIN + " after a write", () -> chain.getLast().get());
      report("re-read of a chain of " + CHAIN + " after a write", started);
      assertEquals(CHAIN, end);
    }

    @Test
    void aFunctionCatchingThrowableAroundADeepFirstReadGetsTheRealValue() throws Exception {
      // Kotlin's runCatching, Scala's Try and logging wrappers catch Throwable. The kernel's unwind
      // for deep first computations (a private Error) must not be swallowed into a cached fallback.
      Signal<Integer> head = g.signal(0);
      Derived<Integer> prev = g.derived(head::get);
      for (int i = 1; i < 2_000; i++) {
        Derived<Integer> p = prev;
        prev = i == 1_500
            ? g.derived(() -> {
                try {
                  return p.get() + 1;
                } catch (Throwable t) {
                  return -1_000_000; // a fallback the user meant for real failures only
                }
              })
            : g.derived(() -> p.get() + 1);
      }
      Derived<Integer> end = prev;
      assertEquals(1_999, (int) onDefaultStack("a deep first read through a catch-all", end::get));
      head.set(1);
      assertEquals(2_000, end.get(), "the catch-all node kept its dependency and recomputes");
    }

    @Test
    void aStackOverflowThroughADeepChainCorruptsNothing() throws Exception {
      Signal<Integer> head = g.signal(0);
      List<Derived<Integer>> chain = chain(head);
      // A small stack makes sure the first read overflows somewhere deep inside the kernel (as long as
      // first computations recurse through user functions); whatever happens, nothing may be corrupted.
      Throwable[] error = new Throwable[1];
      Thread small = Thread.ofPlatform().stackSize(256 * 1024).start(() -> {
        try {
          chain.getLast().get();
        } catch (Throwable e) {
          error[0] = e;
        }
      });
      small.join();
      if (error[0] != null && !(error[0] instanceof StackOverflowError)) {
        throw new AssertionError("only a StackOverflowError may come out", error[0]);
      }
      FaultInjectionTest.assertUsableFromAnotherThread(g); // no lock left held by the dead frames
      head.set(7);
      for (int i = 0; i < chain.size(); i += 100) {
        assertEquals(7 + i, chain.get(i).get(), "no flag (COMPUTING, DIRTY) left behind at link " + i);
      }
      assertEquals(7 + CHAIN - 1, chain.getLast().get());
    }

    @Test
    void anEffectAtTheEndOfAWarmChainRerunsOnAWriteToItsHead() throws Exception {
      Signal<Integer> head = g.signal(0);
      List<Derived<Integer>> chain = chain(head);
      warm(chain);
      List<Integer> seen = new ArrayList<>();
      Derived<Integer> end = chain.getLast();
      long started = System.nanoTime();
      onDefaultStack("an effect watching the end of a chain of " + CHAIN + " (which watches the whole chain)",
          () -> g.effect(() -> seen.add(end.get())));
      report("creating an effect at the end of a chain of " + CHAIN, started);
      started = System.nanoTime();
      onDefaultStack("a write propagating through a chain of " + CHAIN, () -> head.set(5));
      report("write + effect rerun through a chain of " + CHAIN, started);
      assertEquals(List.of(CHAIN - 1, CHAIN + 4), seen);
    }
  }
}
