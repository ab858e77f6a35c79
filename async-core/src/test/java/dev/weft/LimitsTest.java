package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Limits: a million signals in one graph, a fan-out of 100,000 effects on one signal, chains of
 * 100,000 derived values, 10,000 async derived values running at once. Sizes are system properties
 * ({@code weft.limits.signals}, {@code weft.limits.effects}, {@code weft.limits.chain}, {@code
 * weft.limits.async}); each test prints its cost (the measured costs are in BENCHMARKS.md, "Limits").
 *
 * <p>The chains are read on a platform thread with the JVM's default stack (what a user thread gets),
 * and must not overflow it: propagation is iterative, and so must be the pull phase (checking whether
 * sources changed) and a first computation through a deep chain.
 */
class LimitsTest {
  static final int SIGNALS = Integer.getInteger("weft.limits.signals", 1_000_000);
  static final int EFFECTS = Integer.getInteger("weft.limits.effects", 100_000);
  static final int CHAIN = Integer.getInteger("weft.limits.chain", 100_000);
  static final int ASYNC = Integer.getInteger("weft.limits.async", 10_000);

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

  /**
   * 10,000 async derived values of one graph, all in flight at the same time: every body blocks on a
   * latch that opens only once all of them have started, so a factory that queued, pooled or
   * serialised runs would fail (after a minute) instead of passing. Each round checks every value and
   * that each node ran exactly once; the last round is left blocked and {@link Graph#close()} must end
   * every run thread (checked on a thread dump, which lists virtual threads too).
   */
  @Nested
  class TenThousandConcurrentAsyncDeriveds {
    /** Released (count 0) except in the last round, where it never opens: runs end only by close(). */
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>(new CountDownLatch(0));
    /** Counted down by each run as it starts; its runs wait for all of the round to have started. */
    private final AtomicReference<CountDownLatch> allStarted = new AtomicReference<>();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void onVirtualThreads() throws Exception {
      allInFlightAtOnceThenRerunThenClose(TaskFactory.virtualThreads(), "tenk-vt");
    }

    @Test
    void onAStructuredTaskFactory() throws Exception {
      try (StructuredTaskFactory factory = TaskFactory.structured()) {
        allInFlightAtOnceThenRerunThenClose(factory, "tenk-structured");
      }
    }

    private void allInFlightAtOnceThenRerunThenClose(TaskFactory factory, String name) throws Exception {
      Graph graph = Graph.builder().name(name).taskFactory(factory).build();
      String threadPrefix = "weft-" + name + "-";
      try {
        Signal<Integer> s = graph.signal(1);
        List<AsyncDerived<Integer>> nodes = new ArrayList<>(ASYNC);
        for (int i = 0; i < ASYNC; i++) {
          int k = i;
          nodes.add(graph.asyncDerived(() -> {
            int v = s.get(); // tracked before blocking
            runs.incrementAndGet();
            CountDownLatch all = allStarted.get();
            all.countDown();
            if (!all.await(60, SECONDS)) {
              throw new IllegalStateException("only " + (ASYNC - all.getCount()) + " of " + ASYNC
                  + " runs were in flight at once");
            }
            hold.get().await();
            return v * ASYNC + k;
          }, AsyncDerived.Options.defaults().name(name + "-" + i)));
        }

        long started = System.nanoTime();
        assertRound(nodes, 1, 1);
        report(ASYNC + " async deriveds computed at once (" + factory + ")", started);

        started = System.nanoTime();
        allStarted.set(new CountDownLatch(ASYNC));
        s.set(2);
        assertRound(nodes, 2, 2);
        report("a write, then " + ASYNC + " async deriveds rerun at once (" + factory + ")", started);

        // Last round: every run blocks for good; close() must cancel them all and leave no thread.
        hold.set(new CountDownLatch(1));
        CountDownLatch lastRound = new CountDownLatch(ASYNC);
        allStarted.set(lastRound);
        s.set(3);
        List<CompletableFuture<Integer>> blocked = nodes.stream().map(AsyncDerived::toFuture).toList();
        assertTrue(lastRound.await(60, SECONDS), "the last round's runs all started");
        assertEquals(ASYNC, threadsNamed(threadPrefix).size(), "the dump lists every blocked run's thread");
        started = System.nanoTime();
        graph.close();
        report("Graph.close() cancelling " + ASYNC + " blocked runs (" + factory + ")", started);
        for (CompletableFuture<Integer> f : blocked) {
          assertTrue(f.isDone(), "close() returned while an awaiter still waits");
          assertThrows(CancellationException.class, f::get, "the awaiters of a disposed node are cancelled");
        }
        assertEquals(3 * ASYNC, runs.get(), "every node ran exactly once per round");
        List<String> left = new ArrayList<>();
        try {
          await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            left.clear();
            left.addAll(threadsNamed(threadPrefix));
            return left.isEmpty();
          });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          fail(left.size() + " " + threadPrefix + "* threads outlived Graph.close(), e.g.:\n"
              + String.join("\n", left.subList(0, Math.min(3, left.size()))));
        }
      } finally {
        hold.get().countDown();
        graph.close();
      }
    }

    /** Starts every node at once (toFuture) and checks every value and the number of runs. */
    private void assertRound(List<AsyncDerived<Integer>> nodes, int value, int round) throws Exception {
      if (allStarted.get() == null) {
        allStarted.set(new CountDownLatch(ASYNC));
      }
      List<CompletableFuture<Integer>> futures = nodes.stream().map(AsyncDerived::toFuture).toList();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, SECONDS);
      for (int i = 0; i < ASYNC; i++) {
        assertEquals(value * ASYNC + i, futures.get(i).get(), "node " + i + " in round " + round);
      }
      assertEquals(round * ASYNC, runs.get(), "every node ran exactly once per round");
    }
  }

  /** The threads whose name starts with {@code prefix}, each with the top of its stack, from a dump. */
  static List<String> threadsNamed(String prefix) throws Exception {
    List<String> found = new ArrayList<>();
    // TEXT_PLAIN: a header line per thread ('#<tid> "<name>" [virtual]'), its frames, a blank line
    for (String thread : threadDump().split("\\R\\R")) {
      int quote = thread.indexOf('"');
      if (quote >= 0 && thread.startsWith(prefix, quote + 1)) {
        found.add(thread.lines().limit(8).collect(java.util.stream.Collectors.joining("\n")));
      }
    }
    return found;
  }

  /**
   * A dump of every thread, virtual threads included ({@code Thread.getAllStackTraces()} omits them),
   * from {@code HotSpotDiagnosticMXBean.dumpThreads}. Called reflectively: the module {@code dev.weft}
   * (which these tests are patched into) does not read {@code jdk.management}, and reflection does.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static String threadDump() throws Exception {
    Path file = Files.createTempDirectory("weft-threads").resolve("threads.txt");
    try {
      Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
      Class<? extends Enum> format = (Class<? extends Enum>) Class.forName(bean.getName() + "$ThreadDumpFormat");
      Object mx = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
      bean.getMethod("dumpThreads", String.class, format)
          .invoke(mx, file.toAbsolutePath().toString(), Enum.valueOf(format, "TEXT_PLAIN"));
      return Files.readString(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.getParent());
    }
  }
}
