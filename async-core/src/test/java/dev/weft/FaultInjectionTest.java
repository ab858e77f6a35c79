package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection through the public API: every kind of user callback (derived function, effect body,
 * cleanup, subscriber, update function, batch work, equality) throws a {@link RuntimeException}, a
 * non-fatal {@link Error}, a JVM-fatal error, or runs on an interrupted thread. Afterwards the graph
 * must answer reads correctly, keep running its other nodes, hold no lock (checked from another
 * thread, with a deadline) and have handed the error to the caller or the {@link ErrorHandler}.
 * {@link VirtualMachineError}s must always reach the caller, as the same instance.
 */
class FaultInjectionTest {
  final List<Throwable> handled = new CopyOnWriteArrayList<>();
  final Graph g = Graph.builder().name("faults").errorHandler(handled::add).build();

  @AfterEach
  void close() {
    g.close();
  }

  /** The failures a user callback may throw, JVM-fatal ones excluded. */
  static List<Supplier<Throwable>> recoverable() {
    return List.of(
        () -> new IllegalStateException("injected runtime failure"),
        () -> new AssertionError("injected error"),
        () -> new UnsupportedOperationException("injected, with cause", new java.io.IOException("io")));
  }

  /** The JVM-fatal errors that must never be cached, reported or swallowed. */
  static List<Supplier<Throwable>> fatal() {
    return List.of(() -> new StackOverflowError("injected SOE"), () -> new OutOfMemoryError("injected OOM"));
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * Runs what follows an injected fatal error; if the kernel cached that error and throws it again,
   * fails the test with an AssertionError instead of letting JUnit treat the OutOfMemoryError as
   * unrecoverable (which aborts the whole test JVM).
   */
  static <T> T afterFatal(java.util.concurrent.Callable<T> step) throws Exception {
    try {
      return step.call();
    } catch (VirtualMachineError e) {
      throw new AssertionError("a JVM-fatal error was kept and thrown again: " + e, e);
    }
  }

  /**
   * Proves that no lock of {@code graph} is left held: another thread writes, batches and reads a
   * derived within a deadline (a leaked ReentrantLock would block it forever).
   */
  static void assertUsableFromAnotherThread(Graph graph) throws Exception {
    CompletableFuture<Integer> probe = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().name("lock-probe").start(() -> {
      try {
        Signal<Integer> s = graph.signal(1);
        Derived<Integer> d = graph.derived(() -> s.get() + 1);
        graph.batch(() -> s.set(2));
        s.update(v -> v + 1);
        probe.complete(d.get());
      } catch (Throwable e) {
        probe.completeExceptionally(e);
      }
    });
    try {
      assertEquals(4, probe.get(5, SECONDS), "the graph works from another thread: no lock left held");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("a lock was left held: another thread is stuck\n" + Race.describe(t), e);
    }
  }

  @Nested
  class DerivedFunctionFails {
    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#recoverable")
    void failureIsCachedOthersKeepWorkingAndTheGraphRecovers(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicInteger runs = new AtomicInteger();
      Throwable injected = failure.get();
      Derived<Integer> d = g.derived("flaky", () -> {
        runs.incrementAndGet();
        if (s.get() == 1) {
          throw sneaky(injected);
        }
        return s.get() * 10;
      });
      Derived<Integer> downstream = g.derived(() -> d.get() + 1);
      Derived<Integer> bystander = g.derived(() -> s.get() + 100);
      assertEquals(1, downstream.get());
      s.set(1);
      assertSame(injected, assertThrows(Throwable.class, d::get), "the caller gets the function's own error");
      assertSame(injected, assertThrows(Throwable.class, downstream::get), "and so does every reader downstream");
      assertSame(injected, assertThrows(Throwable.class, d::peek));
      assertEquals(2, runs.get(), "the failure is cached, not recomputed per read");
      assertEquals(101, bystander.get());
      assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(21, downstream.get(), "a source change recomputes the failed derived");
    }

    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#fatal")
    void fatalErrorsReachTheCallerAndAreNeverCached(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicBoolean fail = new AtomicBoolean();
      Throwable injected = failure.get();
      Derived<Integer> d = g.derived(() -> {
        int v = s.get();
        if (fail.get()) {
          throw sneaky(injected);
        }
        return v;
      });
      assertEquals(0, d.get());
      fail.set(true);
      s.set(1);
      assertSame(injected, assertThrows(VirtualMachineError.class, d::get));
      fail.set(false);
      assertUsableFromAnotherThread(g);
      assertEquals(1, afterFatal(d::get), "after a fatal error the derived recomputes: it must not serve the stale value as fresh");
    }

    @Test
    void aThrowingEqualityReachesTheCallerAndLeavesNoStaleValue() throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicBoolean fail = new AtomicBoolean();
      Derived<Integer> d = g.derived(s::get, (a, b) -> {
        if (fail.get()) {
          throw new IllegalStateException("injected equality failure");
        }
        return a.equals(b);
      });
      assertEquals(0, d.get());
      fail.set(true);
      s.set(1);
      assertThrows(IllegalStateException.class, d::get);
      fail.set(false);
      assertUsableFromAnotherThread(g);
      assertEquals(1, d.get(), "the value computed after the failed comparison is 1, not the stale 0");
    }

    @Test
    void anEffectWhoseDependencyCheckThrowsStaysAliveAndRunsOnTheNextChange() throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicBoolean fail = new AtomicBoolean();
      Derived<Integer> d = g.derived(s::get, (a, b) -> {
        if (fail.get()) {
          throw new IllegalStateException("injected equality failure");
        }
        return a.equals(b);
      });
      Derived<Integer> viaD = g.derived(() -> d.get() + 1); // the effect only checks d through viaD
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(viaD.get()));
      fail.set(true);
      assertThrows(IllegalStateException.class, () -> s.set(1), "the check's failure reaches the writer");
      fail.set(false);
      assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(3, seen.getLast(), "the effect was left marked but unqueued, so it never ran again: " + seen);
    }

    @Test
    void aThrowingSignalEqualityLeavesTheValueUnchanged() throws Exception {
      Signal<Integer> s = g.signal(0, (a, b) -> {
        throw new IllegalStateException("injected equality failure");
      });
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        s.get();
        runs.incrementAndGet();
      });
      assertThrows(IllegalStateException.class, () -> s.set(1));
      assertEquals(0, s.get());
      assertEquals(1, runs.get());
      assertUsableFromAnotherThread(g);
    }
  }

  @Nested
  class EffectBodyFails {
    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#recoverable")
    void firstErrorReachesTheWriterOtherEffectsRunAndTheEffectStaysAlive(Supplier<Throwable> failure)
        throws Exception {
      Signal<Integer> s = g.signal(0);
      List<Integer> before = new ArrayList<>();
      List<Integer> after = new ArrayList<>();
      Throwable first = failure.get();
      IllegalArgumentException second = new IllegalArgumentException("second failure");
      g.effect(() -> before.add(s.get()));
      g.effect(() -> {
        if (s.get() == 1) {
          throw sneaky(first);
        }
      }, Effect.Options.defaults().name("first-thrower"));
      g.effect(() -> {
        if (s.get() == 1) {
          throw second;
        }
      });
      g.effect(() -> after.add(s.get()));
      Throwable thrown = assertThrows(Throwable.class, () -> s.set(1));
      assertSame(first, thrown);
      assertEquals(List.of(second), List.of(thrown.getSuppressed()));
      assertEquals(List.of(0, 1), before);
      assertEquals(List.of(0, 1), after, "the effects after the throwing ones still ran");
      assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(List.of(0, 1, 2), after);
    }

    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#fatal")
    void fatalErrorsReachTheWriterAndDoNotKillTheOtherEffects(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicBoolean fail = new AtomicBoolean();
      Throwable injected = failure.get();
      g.effect(() -> {
        s.get();
        if (fail.get()) {
          throw sneaky(injected);
        }
      });
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(s.get()));
      fail.set(true);
      assertSame(injected, assertThrows(VirtualMachineError.class, () -> s.set(1)));
      fail.set(false);
      assertUsableFromAnotherThread(g);
      afterFatal(() -> s.set(2));
      assertEquals(2, seen.getLast(), "an effect that was still queued when a fatal error stopped the flush must"
          + " run again on the next change; it saw " + seen);
    }

    @Test
    void aFailingEffectThatWroteDoesNotLoseItsErrorToAFailingDependent() {
      Signal<Integer> t = g.signal(0);
      g.effect(() -> {
        if (t.get() == 1) {
          throw new IllegalStateException("dependent failed");
        }
      });
      Effect writer = g.effect(() -> {
        t.set(1);
        throw new IllegalArgumentException("writer failed");
      }, Effect.Options.defaults().callImmediately(false));
      RuntimeException e = assertThrows(RuntimeException.class, writer::run);
      assertEquals("writer failed", e.getMessage(), "run() throws the body's error, the flush's error suppressed");
      assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void theCallerOfABatchGetsTheBatchErrorEvenWhenAnEffectRethrowsTheSameCachedFailure() {
      Signal<Integer> s = g.signal(0);
      Derived<Integer> broken = g.derived(() -> {
        throw new IllegalStateException("broken derived");
      });
      g.effect(() -> {
        s.get();
        broken.get(); // rethrows the cached failure on every run
      }, Effect.Options.defaults().callImmediately(false));
      Effect e = g.effect(() -> {
        s.get();
        broken.get();
      }, Effect.Options.defaults().callImmediately(false));
      assertThrows(IllegalStateException.class, e::run);
      RuntimeException fromBatch = assertThrows(RuntimeException.class, () -> g.batch(() -> {
        s.set(1); // re-runs e at the end of the batch: it throws the same cached exception
        broken.get();
      }));
      assertEquals("broken derived", fromBatch.getMessage(), "the batch's own error, not an"
          + " IllegalArgumentException('Self-suppression not permitted') from adding it to itself");
    }

    @Test
    void aCachedFailureDoesNotAccumulateTheErrorsOfLaterFlushes() {
      Signal<Integer> tick = g.signal(0);
      Derived<Integer> broken = g.derived(() -> {
        throw new IllegalStateException("broken derived");
      });
      g.effect(() -> {
        tick.get();
        try {
          broken.get();
        } catch (IllegalStateException expected) {
          // first run: created outside any flush
        }
      });
      g.effect(() -> {
        if (tick.get() > 0) {
          broken.get();
        }
      });
      g.effect(() -> {
        if (tick.get() > 0) {
          throw new IllegalArgumentException("other failure " + tick.get());
        }
      });
      for (int i = 1; i <= 100; i++) {
        int v = i;
        assertThrows(IllegalStateException.class, () -> tick.set(v));
      }
      Throwable cached = assertThrows(IllegalStateException.class, broken::get);
      // API.md: the first error of a flush is rethrown with the others suppressed. A cached failure is
      // shared until its derived recomputes, so the kernel bounds what it collects (the rest go to
      // the error handler) instead of letting it grow with every flush.
      assertTrue(cached.getSuppressed().length <= Kernel.MAX_SUPPRESSED_ON_CACHED, "the cached exception of a"
          + " derived grew " + cached.getSuppressed().length + " suppressed exceptions from unrelated flushes");
    }
  }

  @Nested
  class EffectCycles {
    @Test
    void aStoppedCycleDoesNotKillTheEffectsThatMerelyReadTheCyclingSignal() throws Exception {
      Signal<Integer> s = g.signal(0);
      Signal<Integer> t = g.signal(0);
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> seen.add(s.get() + 1000 * t.get()), Effect.Options.defaults().name("bystander"));
      Effect loop = g.effect(() -> s.set(s.get() + 1), Effect.Options.defaults().callImmediately(false));
      assertThrows(CycleException.class, loop::run);
      loop.dispose(); // the user removes the loop
      assertUsableFromAnotherThread(g);
      t.set(1);
      assertEquals(s.get() + 1000, seen.getLast(), "the bystander reran on a change of t; it saw " + seen.size()
          + " values, the last " + seen.getLast());
    }
  }

  @Nested
  class CleanupFails {
    @Test
    void aCleanupFailingBeforeARerunReachesTheWriterAndTheBodyStillRuns() throws Exception {
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new ArrayList<>();
      g.effect(() -> {
        seen.add(s.get());
        Weft.onCleanup(() -> {
          throw new IllegalStateException("cleanup failed");
        });
      });
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.set(1));
      assertEquals("cleanup failed", e.getMessage());
      assertEquals(List.of(0, 1), seen);
      assertUsableFromAnotherThread(g);
    }

    @Test
    void aCleanupFailingOnDisposeGoesToTheErrorHandlerNamingTheEffect() throws Exception {
      Signal<Integer> s = g.signal(0);
      Effect e = g.effect(() -> {
        s.get();
        Weft.onCleanup(() -> {
          throw new IllegalStateException("cleanup failed");
        });
      }, Effect.Options.defaults().name("tidy"));
      e.dispose();
      assertTrue(e.isDisposed());
      assertEquals(1, handled.size());
      assertTrue(handled.getFirst().getMessage().contains("effect 'tidy'"), handled.getFirst().getMessage());
      assertEquals("cleanup failed", handled.getFirst().getCause().getMessage());
      assertUsableFromAnotherThread(g);
    }

    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#fatal")
    void aFatalCleanupErrorIsNeverSwallowed(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(0);
      Throwable injected = failure.get();
      Effect e = g.effect(() -> {
        s.get();
        Weft.onCleanup(() -> {
          throw sneaky(injected);
        });
      });
      assertSame(injected, assertThrows(VirtualMachineError.class, e::dispose));
      assertTrue(handled.isEmpty(), "a fatal error never goes to the handler");
      assertUsableFromAnotherThread(g);
    }
  }

  @Nested
  class SubscriberFails {
    @Test
    void aSubscriberFailingOnAChangeReachesTheWriterAndKeepsItsSubscription() throws Exception {
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new ArrayList<>();
      Subscription sub = s.subscribe(v -> {
        seen.add(v);
        if (v == 1) {
          throw new IllegalStateException("subscriber failed");
        }
      });
      assertThrows(IllegalStateException.class, () -> s.set(1));
      s.set(2);
      assertEquals(List.of(0, 1, 2), seen);
      assertFalse(sub.isDisposed());
      assertUsableFromAnotherThread(g);
    }

    @Test
    void aSubscriberFailingOnItsFirstCallLeavesNoSubscriptionBehind() {
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new ArrayList<>();
      assertThrows(IllegalStateException.class, () -> s.subscribe(v -> {
        seen.add(v);
        if (v == 0) {
          throw new IllegalStateException("subscriber failed at once");
        }
      }));
      s.set(1);
      assertEquals(List.of(0), seen, "subscribe threw, so the caller holds no Subscription to dispose: the"
          + " consumer must not stay subscribed (it would leak until the graph closes)");
    }

    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#fatal")
    void fatalSubscriberErrorsReachTheWriter(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(0);
      Throwable injected = failure.get();
      s.subscribe(v -> {
        if (v == 1) {
          throw sneaky(injected);
        }
      });
      assertSame(injected, assertThrows(VirtualMachineError.class, () -> s.set(1)));
      assertUsableFromAnotherThread(g);
      assertEquals(1, s.get());
    }
  }

  @Nested
  class WriterCallbacksFail {
    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#recoverable")
    void aThrowingUpdateFunctionChangesNothing(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(5);
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        s.get();
        runs.incrementAndGet();
      });
      Throwable injected = failure.get();
      assertSame(injected, assertThrows(Throwable.class, () -> s.update(v -> {
        throw sneaky(injected);
      })));
      assertEquals(5, s.get());
      assertEquals(1, runs.get());
      assertUsableFromAnotherThread(g);
      assertTrue(s.update(v -> v + 1));
      assertEquals(2, runs.get());
    }

    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#fatal")
    void fatalErrorsOfUpdateFunctionsAndBatchesReachTheCaller(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(5);
      Throwable injected = failure.get();
      assertSame(injected, assertThrows(VirtualMachineError.class, () -> s.update(v -> {
        throw sneaky(injected);
      })));
      assertSame(injected, assertThrows(VirtualMachineError.class, () -> g.batch(() -> {
        s.set(6);
        throw sneaky(injected);
      })));
      assertUsableFromAnotherThread(g);
      assertEquals(6, s.get(), "a batch is not a transaction: its writes before the failure stay");
    }

    @Test
    void aBatchThatThrowsStillFlushesAndItsErrorWinsOverEffectErrors() throws Exception {
      Signal<Integer> s = g.signal(0);
      g.effect(() -> {
        if (s.get() == 1) {
          throw new IllegalStateException("effect failed");
        }
      });
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.batch(() -> {
        s.set(1);
        throw new IllegalArgumentException("batch failed");
      }));
      assertEquals("effect failed", e.getSuppressed()[0].getMessage());
      assertUsableFromAnotherThread(g);
    }
  }

  @Nested
  class Interrupts {
    @Test
    void aDerivedFunctionInterruptedMidwayCachesItsFailureAndRecovers() throws Exception {
      Signal<Integer> s = g.signal(1);
      Derived<Integer> d = g.derived("sleepy", () -> {
        int v = s.get();
        try {
          Thread.sleep(v == 1 ? 10_000 : 0); // interrupted below, long before it ends
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while computing", e);
        }
        return v;
      });
      AtomicReference<Throwable> error = new AtomicReference<>();
      AtomicBoolean stillInterrupted = new AtomicBoolean();
      Thread t = Thread.ofPlatform().start(() -> {
        try {
          d.get();
        } catch (Throwable e) {
          error.set(e);
          stillInterrupted.set(Thread.currentThread().isInterrupted());
        }
      });
      org.awaitility.Awaitility.await().atMost(5, SECONDS).until(() -> t.getState() == Thread.State.TIMED_WAITING);
      t.interrupt();
      t.join(5_000);
      assertFalse(t.isAlive());
      assertEquals("interrupted while computing", error.get().getMessage());
      assertTrue(stillInterrupted.get(), "the interrupt status is the caller's to see");
      assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(2, d.get());
    }

    @Test
    void aReaderInterruptedWhileWaitingForAComputationGetsTheValueAndKeepsItsInterrupt() throws Exception {
      Signal<Integer> s = g.signal(3);
      CountDownLatch computing = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Derived<Integer> d = g.derived(() -> {
        int v = s.get();
        computing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return v * 2;
      });
      Thread first = Thread.ofPlatform().start(d::get);
      computing.await();
      AtomicInteger got = new AtomicInteger();
      AtomicBoolean interrupted = new AtomicBoolean();
      Thread waiter = Thread.ofVirtual().start(() -> {
        got.set(d.get());
        interrupted.set(Thread.currentThread().isInterrupted());
      });
      org.awaitility.Awaitility.await().atMost(5, SECONDS).until(() -> waiter.getState() == Thread.State.WAITING);
      waiter.interrupt();
      release.countDown();
      first.join(5_000);
      waiter.join(5_000);
      assertEquals(6, got.get(), "the waiting reader got the one computed value");
      assertTrue(interrupted.get(), "and its interrupt status survived the wait");
    }

    @Test
    void anInterruptedThreadCanStillWriteBatchAndRunEffects() throws Exception {
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      g.effect(() -> seen.add(s.get()));
      Thread.currentThread().interrupt();
      try {
        s.set(1);
        g.batch(() -> s.update(v -> v + 1));
        assertTrue(Thread.currentThread().isInterrupted(), "the kernel neither swallows nor throws on interrupts");
      } finally {
        Thread.interrupted();
      }
      assertEquals(List.of(0, 1, 2), seen);
      assertUsableFromAnotherThread(g);
    }

    @Test
    void anEffectBodyInterruptedMidwayReportsToTheWriterAndRunsAgainLater() throws Exception {
      Signal<Integer> s = g.signal(0);
      List<Integer> completed = new CopyOnWriteArrayList<>();
      CountDownLatch sleeping = new CountDownLatch(1);
      g.effect(() -> {
        int v = s.get();
        if (v == 1) {
          sleeping.countDown();
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("effect interrupted", e);
          }
        }
        completed.add(v);
      });
      AtomicReference<Throwable> error = new AtomicReference<>();
      Thread writer = Thread.ofPlatform().start(() -> {
        try {
          s.set(1);
        } catch (Throwable e) {
          error.set(e);
        }
      });
      sleeping.await();
      writer.interrupt();
      writer.join(5_000);
      assertEquals("effect interrupted", error.get().getMessage());
      assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(List.of(0, 2), completed);
    }
  }
}
