package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The full fault matrix for the callbacks that {@link FaultInjectionTest} and {@link
 * AsyncFaultInjectionTest} cover with one kind of failure only: effect cleanups (before a rerun and on
 * dispose), subscribers, producer start and stop functions, async effect cleanups, and task factories
 * that throw something other than a rejection. Each callback throws a {@link RuntimeException}, a
 * non-fatal {@link Error}, is interrupted while it blocks (it restores its interrupt status and throws,
 * as well-behaved code does), or throws {@link OutOfMemoryError} / {@link StackOverflowError}.
 *
 * <p>Faults come from {@link FaultInjector}. Every trigger runs on its own platform thread (the "caller"), so an interrupt can be delivered to
 * the callback while it blocks. Afterwards: the error reached the caller as thrown, or the {@link
 * ErrorHandler} naming the node; a JVM-fatal error reached the caller as the same instance and never
 * the handler; the caller's interrupt status survived; no lock is left held; the node works again.
 */
class CallbackFaultMatrixTest {
  final List<Throwable> handled = new CopyOnWriteArrayList<>();
  final Graph g = Graph.builder().name("fault-matrix").errorHandler(handled::add).build();

  @AfterEach
  void close() {
    g.close();
  }

  /** The failure reached the caller: as thrown (fatal included); an interrupt status survived. */
  static void assertReachedCaller(FaultInjector injector, FaultInjector.Outcome outcome) {
    assertNotNull(injector.thrown(), "the callback ran and failed");
    assertSame(injector.thrown(), outcome.error(), "the caller gets the callback's own failure");
    if (injector.fault() == FaultInjector.Fault.INTERRUPTED) {
      assertTrue(outcome.stillInterrupted(), "the callback's interrupt status is not cleared by the kernel");
    }
  }

  /** Non-fatal: nothing thrown, the handler got it naming {@code node}. Fatal: the caller got it. */
  void assertReachedHandlerOrCaller(FaultInjector injector, FaultInjector.Outcome outcome, String node) {
    assertNotNull(injector.thrown(), "the callback ran and failed");
    if (injector.fault().fatal()) {
      assertSame(injector.thrown(), outcome.error(), "a JVM-fatal error reaches the caller, never swallowed");
      assertTrue(handled.isEmpty(), "a JVM-fatal error never goes to the error handler: " + handled);
      return;
    }
    assertEquals(null, outcome.error(), "the caller is not the one to get this failure");
    assertTrue(handled.stream().anyMatch(e -> e.getMessage().contains(node) && e.getCause() == injector.thrown()),
        "the error handler got the failure naming " + node + "; it got " + handled);
    if (injector.fault() == FaultInjector.Fault.INTERRUPTED) {
      assertTrue(outcome.stillInterrupted(), "the callback's interrupt status is not cleared by the kernel");
    }
  }

  @Nested
  class EffectCleanup {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void beforeARerunReachesTheWriterAndTheEffectKeepsRunning(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      List<Integer> bystander = new CopyOnWriteArrayList<>();
      g.effect(() -> {
        seen.add(s.get());
        Weft.onCleanup(injector::maybeFail);
      }, Effect.Options.defaults().name("tidy"));
      g.effect(() -> bystander.add(s.get()));
      assertReachedCaller(injector, injector.call(() -> s.set(1)));
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(2, seen.getLast(), "the effect reran after its cleanup failed: " + seen);
      assertEquals(2, bystander.getLast(), "the other effect kept running: " + bystander);
      assertEquals(2, s.get());
    }

    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void onDisposeReachesTheHandlerNamingTheEffectAndTheEffectIsDisposed(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      Signal<Integer> s = g.signal(0);
      AtomicInteger runs = new AtomicInteger();
      Effect e = g.effect(() -> {
        s.get();
        runs.incrementAndGet();
        Weft.onCleanup(injector::maybeFail);
      }, Effect.Options.defaults().name("tidy"));
      assertReachedHandlerOrCaller(injector, injector.call(e::dispose), "effect 'tidy'");
      assertTrue(e.isDisposed());
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      s.set(1);
      assertEquals(1, runs.get(), "a disposed effect never runs again");
    }
  }

  @Nested
  class Subscriber {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void onAChangeReachesTheWriterAndStaysSubscribed(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      Signal<Integer> s = g.signal(0);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      Subscription sub = s.subscribe(v -> {
        seen.add(v);
        if (v == 1) {
          injector.maybeFail();
        }
      });
      assertReachedCaller(injector, injector.call(() -> s.set(1)));
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(List.of(0, 1, 2), seen);
      assertFalse(sub.isDisposed());
    }
  }

  @Nested
  class ProducerStart {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void reachesTheFirstReaderAndTheNextReadStartsIt(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      AtomicInteger starts = new AtomicInteger();
      Producer<Integer> p = g.producer(0, sink -> {
        injector.maybeFail();
        starts.incrementAndGet();
        sink.accept(5);
        return null;
      }, Producer.Options.defaults().name("feed"));
      assertReachedCaller(injector, injector.call(p::get));
      assertFalse(p.isStarted(), "a start that threw leaves the producer stopped");
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      assertEquals(5, p.get());
      assertTrue(p.isStarted());
      assertEquals(1, starts.get());
    }
  }

  @Nested
  class ProducerStop {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void reachesTheHandlerNamingTheProducerWhichStopsAndCanStartAgain(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      AtomicInteger starts = new AtomicInteger();
      Producer<Integer> p = g.producer(0, sink -> {
        starts.incrementAndGet();
        return injector::maybeFail;
      }, Producer.Options.defaults().stopWhenUnwatched(true).name("ticker"));
      Subscription sub = p.subscribe(v -> {});
      assertTrue(p.isStarted());
      // the last watcher leaving stops the source (stopWhenUnwatched)
      assertReachedHandlerOrCaller(injector, injector.call(sub::dispose), "ticker");
      assertFalse(p.isStarted(), "the producer stopped although its stop function failed");
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      p.subscribe(v -> {}).dispose();
      assertEquals(2, starts.get(), "the producer starts again on the next watcher");
    }
  }

  @Nested
  class AsyncEffectCleanup {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void beforeARerunReachesTheHandlerNamingTheEffectAndTheRerunHappens(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      Signal<Integer> s = g.signal(0);
      List<Integer> completed = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        completed.add(s.get());
        Weft.onCleanup(injector::maybeFail);
      }, AsyncEffect.Options.defaults().taskFactory(TaskFactory.inline()).name("saver"));
      assertReachedHandlerOrCaller(injector, injector.call(() -> s.set(1)), "async effect 'saver'");
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(2, completed.getLast(), "the effect runs on the next change: " + completed);
    }
  }

  @Nested
  class TaskFactoryThrows {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void theAwaiterGetsItNamingTheNodeAndTheNextDemandRuns(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      TaskFactory flaky = work -> {
        injector.maybeFail();
        return TaskFactory.inline().start(work);
      };
      AsyncDerived<Integer> d = g.asyncDerived(() -> 7,
          AsyncDerived.Options.defaults().taskFactory(flaky).name("pooled"));
      FaultInjector.Outcome outcome = injector.call(d::await);
      assertNotNull(injector.thrown());
      if (fault.fatal()) {
        assertSame(injector.thrown(), outcome.error(), "a JVM-fatal error reaches the awaiter as is");
      } else {
        Throwable e = outcome.error() instanceof java.util.concurrent.CompletionException c ? c.getCause()
            : outcome.error();
        NodeException n = assertInstanceOf(NodeException.class, e, "" + outcome.error());
        assertTrue(n.getMessage().contains("pooled"), n.getMessage());
        assertSame(injector.thrown(), n.getCause());
        d.invalidate(); // a refused run is cached as the node's failure until something changes
      }
      if (fault == FaultInjector.Fault.INTERRUPTED) {
        assertTrue(outcome.stillInterrupted(), "the factory's interrupt status is not cleared by the kernel");
      }
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      assertEquals(7, d.toFuture().get(5, SECONDS), "the node is not stuck in a run that never started");
    }
  }
}
