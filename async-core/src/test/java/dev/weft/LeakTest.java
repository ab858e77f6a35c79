package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Leaks: many create/dispose cycles keep the heap flat, nodes nobody references are collectable while
 * their sources live, and closing a graph or a structured task factory leaves no run thread behind.
 *
 * <p>The heap is measured as used memory after repeated {@code System.gc()} (the minimum of several
 * rounds), before and after the cycles, after a warm-up. {@code -Dweft.leak.cycles} sets the count:
 * 1,000,000 by default for sync nodes, subscriptions, producers and (inline) async nodes;
 * virtual-thread async deriveds run a twentieth of it (a new thread per run, ~30 µs each: {@code
 * -Dweft.leak.cycles=20000000} runs a million of those too); about 20 s in all. The slack (2 MB + 4 bytes per cycle,
 * 6 MB by default) is below what a leak of even one small object per cycle retains (16 bytes per cycle,
 * 16 MB; a leaked effect is ~80 bytes); the measured growth is about 1 KB.
 */
class LeakTest {
  static final int CYCLES = Integer.getInteger("weft.leak.cycles", 1_000_000);

  final Graph g = Graph.builder().name("leaks").build();

  @AfterEach
  void close() {
    g.close();
  }

  /** Used heap after full collections: the least of several rounds, which damps concurrent noise. */
  static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      least = Math.min(least, rt.totalMemory() - rt.freeMemory());
    }
    return least;
  }

  /** Runs {@code cycle} CYCLES times after a warm-up and asserts the heap did not grow beyond the slack. */
  static void assertFlat(String what, IntConsumer cycle) {
    assertFlat(what, CYCLES, cycle);
  }

  /** Runs {@code cycle} {@code cycles} times after a warm-up; the heap may grow by the slack at most. */
  static void assertFlat(String what, int cycles, IntConsumer cycle) {
    for (int i = 0; i < 20_000; i++) {
      cycle.accept(i);
    }
    long before = usedHeapAfterGc();
    long started = System.nanoTime();
    for (int i = 0; i < cycles; i++) {
      cycle.accept(i);
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    long after = usedHeapAfterGc();
    long slack = (2L << 20) + 4L * cycles;
    System.out.printf("leaks: %s: %,d cycles in %,d ms, heap %,d -> %,d bytes%n", what, cycles, elapsedMs, before, after);
    assertTrue(after - before < slack, what + ": the heap grew by " + (after - before) / 1024 + " KB over "
        + cycles + " cycles (" + (after - before) / cycles + " bytes per cycle)");
  }

  @Nested
  class CreateDisposeCycles {
    @Test
    void signalsDerivedsEffectsAndSubscriptionsOnALongLivedSource() {
      Signal<Integer> root = g.signal(0);
      AtomicLong sink = new AtomicLong();
      assertFlat("nodes on a long-lived source", i -> {
        Signal<Integer> s = g.signal(i);
        Derived<Integer> unwatched = g.derived(() -> root.get() + s.get());
        Derived<Integer> watched = g.derived(() -> root.get() * 2 + s.get());
        Effect e = g.effect(() -> sink.addAndGet(watched.get()));
        Subscription sub = root.subscribe(sink::addAndGet);
        sink.addAndGet(unwatched.get());
        if (i % 8 == 0) {
          root.set(i); // runs e and sub: flush queue and links churn too
        }
        e.dispose();
        sub.dispose();
      });
      Effect probe = g.effect(() -> sink.addAndGet(root.get()));
      root.set(-1);
      probe.dispose();
      assertTrue(sink.get() != 0);
    }

    @Test
    void effectsWithCleanupsAndBatchesOnTheGlobalGraph() {
      Signal<Integer> root = Weft.signal(0);
      AtomicLong cleanups = new AtomicLong();
      assertFlat("global-graph effects with cleanups", i -> {
        Effect e = Weft.effect(() -> {
          root.get();
          Weft.onCleanup(cleanups::incrementAndGet);
        });
        Weft.batch(() -> root.set(i));
        e.dispose();
      });
      // every cycle reruns the effect once (its cleanup runs) and disposes it (the next one runs),
      // except the very first, whose write of 0 over 0 changes nothing
      assertEquals(2L * (20_000 + CYCLES) - 1, cleanups.get());
    }

    @Test
    void wholeGraphs() {
      assertFlat("graphs created and closed", i -> {
        Graph graph = Graph.create();
        Signal<Integer> s = graph.signal(i);
        Derived<Integer> d = graph.derived(() -> s.get() + 1);
        graph.effect(d::get);
        s.set(i + 1);
        graph.close();
      });
    }
  }

  @Nested
  class AsyncAndProducerCycles {
    @Test
    void inlineAsyncDerivedsAndEffects() {
      Signal<Integer> root = g.signal(0);
      AtomicLong sink = new AtomicLong();
      AsyncDerived.Options derivedOptions = AsyncDerived.Options.defaults().taskFactory(TaskFactory.inline());
      AsyncEffect.Options effectOptions = AsyncEffect.Options.defaults().taskFactory(TaskFactory.inline());
      assertFlat("inline async nodes on a long-lived source", CYCLES, i -> {
        AsyncDerived<Integer> d = g.asyncDerived(() -> root.get() + 1, derivedOptions);
        AsyncEffect e = g.asyncEffect(() -> sink.addAndGet(d.await()), effectOptions);
        if (i % 8 == 0) {
          root.set(i);
        }
        e.dispose();
        d.dispose();
      });
      assertTrue(sink.get() > 0);
    }

    @Test
    void producersStartedAndStopped() {
      AtomicLong stops = new AtomicLong();
      assertFlat("producers started, subscribed and disposed", i -> {
        Producer<Integer> p = g.producer(i, sinkOf -> {
          sinkOf.accept(i + 1);
          return stops::incrementAndGet;
        });
        Subscription sub = p.subscribe(v -> {});
        p.get();
        sub.dispose();
        p.dispose();
      });
      assertEquals(20_000L + CYCLES, stops.get());
    }

    @Test
    void virtualThreadAsyncDerivedsAwaitedAndDisposed() {
      Signal<Integer> root = g.signal(0);
      AtomicLong sum = new AtomicLong();
      assertFlat("virtual-thread async deriveds (awaited, then disposed)", CYCLES / 20, i -> {
        AsyncDerived<Integer> d = g.asyncDerived(root::get);
        sum.addAndGet(d.await() + 1);
        d.dispose();
      });
      assertEquals(20_000L + CYCLES / 20, sum.get());
    }
  }

  @Nested
  class NoThreadLeftBehind {
    private static final int RUNS = 50;

    /** Starts RUNS blocked async effects and RUNS blocked async deriveds, recording their threads. */
    /** Bodies that have ended (returned or thrown), counted in their finally blocks. */
    private final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();

    private List<Thread> startBlockedRuns(Graph graph) throws InterruptedException {
      List<Thread> threads = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2 * RUNS);
      java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < RUNS; i++) {
        graph.asyncEffect(() -> {
          threads.add(Thread.currentThread());
          started.countDown();
          try {
            never.await(); // until interrupted by close
          } finally {
            ended.incrementAndGet();
          }
        });
        graph.asyncDerived(() -> {
          threads.add(Thread.currentThread());
          started.countDown();
          try {
            never.await();
          } finally {
            ended.incrementAndGet();
          }
          return 1;
        }).toFuture();
      }
      assertTrue(started.await(10, SECONDS), "all runs started");
      return threads;
    }

    @Test
    void graphCloseEndsEveryRunThread() throws Exception {
      Graph graph = Graph.create();
      List<Thread> threads = startBlockedRuns(graph);
      graph.close();
      assertEquals(2 * RUNS, ended.get(), "Graph.close() returned before every run it cancelled had ended");
      for (Thread t : threads) {
        assertTrue(t.join(java.time.Duration.ofSeconds(5)), "a run thread outlived Graph.close(): " + t);
      }
    }

    @Test
    void structuredTaskFactoryCloseEndsEveryRunThread() throws Exception {
      StructuredTaskFactory factory = TaskFactory.structured();
      Graph graph = Graph.builder().taskFactory(factory).build();
      try {
        List<Thread> threads = startBlockedRuns(graph);
        factory.close();
        assertEquals(2 * RUNS, ended.get(), "close() returned before every run had ended");
        for (Thread t : threads) {
          // the body has ended; the thread itself terminates a moment later
          assertTrue(t.join(java.time.Duration.ofSeconds(5)), "a run thread outlived StructuredTaskFactory.close(): " + t);
        }
      } finally {
        graph.close();
      }
    }
  }

  @Nested
  class Collectability {
    /** Polls with a GC between polls until {@code ref} is cleared (or fails after 10 s). */
    private void awaitCollected(WeakReference<?> ref, String what) {
      await(what).atMost(10, SECONDS).pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
        System.gc();
        return ref.get() == null;
      });
    }

    private WeakReference<Derived<Integer>> readOnce(Signal<Integer> source) {
      Derived<Integer> d = g.derived(() -> source.get() + 1);
      assertEquals(source.get() + 1, d.get());
      return new WeakReference<>(d);
    }

    @Test
    void anUnwatchedDerivedIsCollectableWhileItsSourceLives() {
      Signal<Integer> source = g.signal(1);
      WeakReference<Derived<Integer>> ref = readOnce(source);
      awaitCollected(ref, "a derived that was read once");
      source.set(2);
      assertEquals(2, source.get());
    }

    @Test
    void aDerivedIsCollectableOnceItsLastWatcherIsDisposed() {
      Signal<Integer> source = g.signal(1);
      List<Effect> effects = new ArrayList<>();
      WeakReference<Derived<Integer>> ref = watch(source, effects);
      System.gc();
      assertNotNull(ref.get(), "held while an effect watches it");
      effects.forEach(Effect::dispose);
      effects.clear();
      awaitCollected(ref, "a derived whose effect was disposed");
    }

    private WeakReference<Derived<Integer>> watch(Signal<Integer> source, List<Effect> effects) {
      Derived<Integer> d = g.derived(() -> source.get() * 3);
      Derived<Integer> downstream = g.derived(() -> d.get() + 1);
      effects.add(g.effect(downstream::get));
      source.set(5);
      assertEquals(16, downstream.get());
      return new WeakReference<>(d);
    }

    @Test
    void aDisposedEffectIsCollectableWhileItsSourceLives() {
      Signal<Integer> source = g.signal(1);
      WeakReference<Effect> ref = disposedEffect(source);
      awaitCollected(ref, "a disposed effect");
      source.set(3);
    }

    private WeakReference<Effect> disposedEffect(Signal<Integer> source) {
      Effect e = g.effect(source::get);
      e.dispose();
      return new WeakReference<>(e);
    }

    @Test
    void aClosedGraphIsCollectable() {
      WeakReference<Graph> ref = closedGraph();
      awaitCollected(ref, "a closed graph with effects");
    }

    private WeakReference<Graph> closedGraph() {
      Graph graph = Graph.create();
      Signal<Integer> s = graph.signal(1);
      graph.effect(s::get);
      graph.close();
      return new WeakReference<>(graph);
    }
  }
}
