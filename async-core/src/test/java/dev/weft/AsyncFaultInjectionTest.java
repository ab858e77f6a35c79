package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
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
 * Fault injection for the async side: async derived and async effect bodies, async cleanups, producer
 * start and stop functions, a producer's sink, and task factories that throw or reject. Each failure
 * must reach the awaiter (as thrown, or wrapped if checked) or the graph's {@link ErrorHandler} as a
 * {@link NodeException} naming the node; afterwards the node and the graph keep working and nothing is
 * left locked. JVM-fatal errors are never swallowed and never cached.
 */
class AsyncFaultInjectionTest {
  final List<Throwable> handled = new CopyOnWriteArrayList<>();
  final Graph g = Graph.builder().name("async-faults").errorHandler(handled::add).build();

  @AfterEach
  void close() {
    g.close();
  }

  static AsyncDerived.Options inline(String name) {
    return AsyncDerived.Options.defaults().taskFactory(TaskFactory.inline()).name(name);
  }

  static AsyncEffect.Options inlineEffect(String name) {
    return AsyncEffect.Options.defaults().taskFactory(TaskFactory.inline()).name(name);
  }

  /** The handled error that names {@code node}, as a NodeException whose cause is {@code cause}. */
  void assertHandled(String node, Throwable cause) {
    assertTrue(handled.stream().anyMatch(e -> e instanceof NodeException n && n.node().contains(node)
            && n.getMessage().contains(node) && n.getCause() == cause),
        "the error handler got a NodeException naming " + node + " caused by " + cause + "; it got " + handled);
  }

  @Nested
  class AsyncDerivedBodyFails {
    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#recoverable")
    void anUncheckedFailureIsRethrownAsIsCachedAndRecoveredFrom(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(1);
      Throwable injected = failure.get();
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<Integer> d = g.asyncDerived(() -> {
        runs.incrementAndGet();
        if (s.get() == 1) {
          throw FaultInjectionTest.<RuntimeException>sneaky(injected);
        }
        return s.get() * 10;
      }, inline("flaky"));
      assertSame(injected, assertThrows(Throwable.class, d::await));
      assertSame(injected, assertThrows(Throwable.class, d::await));
      assertEquals(1, runs.get(), "the failure is cached until a source changes");
      AsyncState<Integer> state = d.state();
      assertInstanceOf(AsyncState.Failed.class, state);
      assertSame(injected, ((AsyncState.Failed<Integer>) state).error());
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(20, d.await());
    }

    @Test
    void aCheckedFailureIsWrappedInCompletionException() {
      AsyncDerived<Integer> d = g.asyncDerived(() -> {
        throw new java.io.IOException("disk gone");
      }, inline("reader"));
      CompletionException e = assertThrows(CompletionException.class, d::await);
      assertEquals("disk gone", e.getCause().getMessage());
    }

    @Test
    void aFailureOnAVirtualThreadReachesEveryAwaiter() throws Exception {
      CountDownLatch release = new CountDownLatch(1);
      AsyncDerived<Integer> d = g.asyncDerived(() -> {
        release.await();
        throw new IllegalStateException("remote failed");
      }, AsyncDerived.Options.defaults().name("remote"));
      var f1 = d.toFuture();
      var f2 = d.toFuture();
      release.countDown();
      for (var f : List.of(f1, f2)) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, SECONDS));
        assertEquals("remote failed", e.getCause().getMessage());
      }
      FaultInjectionTest.assertUsableFromAnotherThread(g);
    }

    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#fatal")
    void aFatalErrorReachesTheInlineAwaiterAndIsNotCached(Supplier<Throwable> failure) throws Exception {
      AtomicBoolean fail = new AtomicBoolean(true);
      Throwable injected = failure.get();
      AsyncDerived<Integer> d = g.asyncDerived(() -> {
        if (fail.get()) {
          throw FaultInjectionTest.<RuntimeException>sneaky(injected);
        }
        return 42;
      }, inline("fatal"));
      assertSame(injected, assertThrows(VirtualMachineError.class, d::await));
      fail.set(false);
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      assertEquals(42, FaultInjectionTest.afterFatal(d::await), "a JVM-fatal error is never cached as the node's value");
    }

    @Test
    void aFatalErrorOnAVirtualThreadFreesTheAwaitersAndIsNotCached() throws Exception {
      AtomicBoolean fail = new AtomicBoolean(true);
      AsyncDerived<Integer> d = g.asyncDerived(() -> {
        if (fail.get()) {
          throw new StackOverflowError("injected SOE");
        }
        return 42;
      }, AsyncDerived.Options.defaults().name("fatal-vt"));
      ExecutionException e = assertThrows(ExecutionException.class, () -> d.toFuture().get(5, SECONDS),
          "the awaiter must not hang");
      assertInstanceOf(StackOverflowError.class, e.getCause());
      fail.set(false);
      assertEquals(42, FaultInjectionTest.afterFatal(() -> {
        try {
          return d.toFuture().get(5, SECONDS);
        } catch (ExecutionException x) {
          if (x.getCause() instanceof VirtualMachineError v) {
            throw v;
          }
          throw x;
        }
      }), "a JVM-fatal error is never cached as the node's value");
    }
  }

  @Nested
  class AsyncEffectBodyFails {
    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#recoverable")
    void failuresGoToTheHandlerNamingTheEffectWhichStaysAlive(Supplier<Throwable> failure) throws Exception {
      Signal<Integer> s = g.signal(0);
      Throwable injected = failure.get();
      List<Integer> completed = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        int v = s.get();
        if (v == 1) {
          throw FaultInjectionTest.<RuntimeException>sneaky(injected);
        }
        completed.add(v);
      }, inlineEffect("saver"));
      s.set(1); // the writer is not the effect's caller: nothing is thrown here
      assertHandled("async effect 'saver'", injected);
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(List.of(0, 2), completed);
    }

    @Test
    void runReturnsAFutureThatFailsWithTheBodysError() {
      AsyncEffect e = g.asyncEffect(() -> {
        throw new IllegalStateException("explicit run failed");
      }, inlineEffect("explicit").callImmediately(false));
      ExecutionException x = assertThrows(ExecutionException.class, () -> e.run().get(5, SECONDS));
      assertEquals("explicit run failed", x.getCause().getMessage());
    }

    @ParameterizedTest
    @MethodSource("dev.weft.FaultInjectionTest#fatal")
    void aFatalErrorInAnInlineBodyReachesTheWriterAndTheEffectRunsAgainLater(Supplier<Throwable> failure)
        throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicBoolean fail = new AtomicBoolean();
      Throwable injected = failure.get();
      List<Integer> completed = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        int v = s.get();
        if (fail.get()) {
          throw FaultInjectionTest.<RuntimeException>sneaky(injected);
        }
        completed.add(v);
      }, inlineEffect("fatal-inline"));
      fail.set(true);
      assertSame(injected, assertThrows(VirtualMachineError.class, () -> s.set(1)));
      assertTrue(handled.isEmpty(), "a fatal error never goes to the handler");
      fail.set(false);
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      FaultInjectionTest.afterFatal(() -> s.set(2));
      assertEquals(List.of(0, 2), completed, "the effect is not stuck in its dead run");
    }

    @Test
    void aFatalErrorOnAVirtualThreadLeavesTheEffectAbleToRunAgain() throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicBoolean fail = new AtomicBoolean();
      List<Integer> completed = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        int v = s.get();
        if (fail.get()) {
          throw new OutOfMemoryError("injected OOM");
        }
        completed.add(v);
      }, AsyncEffect.Options.defaults().name("fatal-vt"));
      await().atMost(5, SECONDS).until(() -> completed.equals(List.of(0)));
      fail.set(true);
      s.set(1);
      fail.set(false);
      s.set(2);
      await().atMost(5, SECONDS).until(() -> completed.contains(2));
      assertTrue(handled.isEmpty(), "a fatal error never goes to the handler: " + handled);
    }

    @Test
    void aCleanupThatThrowsIsReportedAndTheNextRunStillHappens() throws Exception {
      Signal<Integer> s = g.signal(0);
      IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
      List<Integer> completed = new CopyOnWriteArrayList<>();
      AsyncEffect e = g.asyncEffect(() -> {
        completed.add(s.get());
        Weft.onCleanup(() -> {
          throw cleanupFailure;
        });
      }, inlineEffect("tidy"));
      s.set(1);
      assertEquals(List.of(0, 1), completed);
      assertHandled("async effect 'tidy'", cleanupFailure);
      handled.clear();
      e.dispose();
      assertHandled("async effect 'tidy'", cleanupFailure);
      FaultInjectionTest.assertUsableFromAnotherThread(g);
    }
  }

  @Nested
  class ProducerCallbacksFail {
    @Test
    void aStartThatThrowsReachesTheReaderAndIsRetriedOnTheNextRead() throws Exception {
      AtomicInteger attempts = new AtomicInteger();
      Producer<Integer> p = g.producer(0, sink -> {
        if (attempts.incrementAndGet() == 1) {
          throw new IllegalStateException("cannot connect");
        }
        sink.accept(5);
        return null;
      });
      assertEquals("cannot connect", assertThrows(IllegalStateException.class, p::get).getMessage());
      assertFalse(p.isStarted());
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      assertEquals(5, p.get());
      assertTrue(p.isStarted());
    }

    @Test
    void aStopThatThrowsIsReportedNamingTheProducerAndItStillStops() throws Exception {
      IllegalStateException stopFailure = new IllegalStateException("stop failed");
      Producer<Integer> p = g.producer(0, sink -> () -> {
        throw stopFailure;
      }, Producer.Options.defaults().name("ticker"));
      p.get();
      p.dispose();
      assertFalse(p.isStarted());
      assertHandled("ticker", stopFailure);
      FaultInjectionTest.assertUsableFromAnotherThread(g);
    }

    @Test
    void aSinkErrorIsRethrownToReadersUntilTheNextValue() throws Exception {
      AtomicReference<Producer.Sink<Integer>> sinkRef = new AtomicReference<>();
      Producer<Integer> p = g.producer(0, sink -> {
        sinkRef.set((Producer.Sink<Integer>) sink);
        return null;
      });
      List<Object> seen = new CopyOnWriteArrayList<>();
      g.effect(() -> {
        try {
          seen.add(p.get());
        } catch (IllegalStateException e) {
          seen.add(e.getMessage());
        }
      });
      Thread feeder = Thread.ofPlatform().start(() -> sinkRef.get().error(new IllegalStateException("feed broke")));
      feeder.join();
      assertEquals("feed broke", assertThrows(IllegalStateException.class, p::get).getMessage());
      sinkRef.get().accept(3);
      assertEquals(3, p.get());
      assertEquals(List.of(0, "feed broke", 3), seen);
    }

    @Test
    void valuesPushedAfterTheProducerStoppedAreIgnored() {
      AtomicReference<java.util.function.Consumer<? super Integer>> sinkRef = new AtomicReference<>();
      Producer<Integer> p = g.producer(0, sink -> {
        sinkRef.set(sink);
        return null;
      });
      p.get();
      p.dispose();
      sinkRef.get().accept(9);
      assertEquals(0, p.peek(), "a stopped source's late value is dropped");
    }
  }

  @Nested
  class TaskFactoryFails {
    /** Rejects the first {@code rejections} runs, then runs inline. */
    static TaskFactory rejecting(int rejections) {
      AtomicInteger calls = new AtomicInteger();
      return work -> {
        if (calls.incrementAndGet() <= rejections) {
          throw new RejectedExecutionException("pool saturated");
        }
        return TaskFactory.inline().start(work);
      };
    }

    @Test
    void aRejectedRunFailsTheAwaiterNamingTheNodeAndTheNextDemandRetries() throws Exception {
      AsyncDerived<Integer> d = g.asyncDerived(() -> 7,
          AsyncDerived.Options.defaults().taskFactory(rejecting(1)).name("pooled"));
      Throwable e = assertThrows(Throwable.class, d::await);
      NodeException n = assertInstanceOf(NodeException.class, e instanceof CompletionException c ? c.getCause() : e);
      assertTrue(n.getMessage().contains("pooled"), n.getMessage());
      assertInstanceOf(RejectedExecutionException.class, n.getCause());
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      d.invalidate();
      assertEquals(7, d.await());
    }

    @Test
    void aRejectedRerunIsReportedAndTheEffectRunsOnTheNextChange() throws Exception {
      Signal<Integer> s = g.signal(0);
      AtomicInteger calls = new AtomicInteger();
      TaskFactory secondRejected = work -> {
        if (calls.incrementAndGet() == 2) {
          throw new RejectedExecutionException("pool saturated");
        }
        return TaskFactory.inline().start(work);
      };
      List<Integer> completed = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> completed.add(s.get()),
          AsyncEffect.Options.defaults().taskFactory(secondRejected).name("pooled-effect"));
      s.set(1); // this rerun is rejected
      assertTrue(handled.stream().anyMatch(x -> x instanceof NodeException n && n.node().contains("pooled-effect")
          && n.getCause() instanceof RejectedExecutionException), "" + handled);
      FaultInjectionTest.assertUsableFromAnotherThread(g);
      s.set(2);
      assertEquals(List.of(0, 2), completed, "the rejected rerun did not cost the effect its dependencies");
    }

    @Test
    void anEffectWhoseFirstRunWasRejectedRunsWhenAskedExplicitly() throws Exception {
      List<Integer> completed = new CopyOnWriteArrayList<>();
      Signal<Integer> s = g.signal(0);
      AsyncEffect e = g.asyncEffect(() -> completed.add(s.get()),
          AsyncEffect.Options.defaults().taskFactory(rejecting(1)).name("never-ran"));
      assertTrue(handled.stream().anyMatch(x -> x instanceof NodeException n && n.node().contains("never-ran")));
      // It never ran, so it read nothing and depends on nothing: only an explicit run() wakes it.
      e.run().get(5, SECONDS);
      s.set(1);
      assertEquals(List.of(0, 1), completed);
    }

    @Test
    void aFactoryReturningNullIsAnErrorNamingTheFactory() {
      AsyncDerived<Integer> d = g.asyncDerived(() -> 1,
          AsyncDerived.Options.defaults().taskFactory(work -> {
            work.run();
            return null;
          }).name("sloppy"));
      Throwable e = assertThrows(Throwable.class, () -> d.toFuture().get(5, SECONDS));
      assertFalse(e instanceof TimeoutException, "no hang");
    }
  }

  @Nested
  class Interrupts {
    @Test
    void anInterruptedAwaiterGetsCancellationExceptionKeepsItsInterruptAndTheRunGoesOnForOthers()
        throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<Integer> d = g.asyncDerived(() -> {
        runs.incrementAndGet();
        started.countDown();
        release.await();
        return 11;
      }, AsyncDerived.Options.defaults().name("slow"));
      AtomicReference<Throwable> error = new AtomicReference<>();
      AtomicBoolean interrupted = new AtomicBoolean();
      Thread awaiter = Thread.ofVirtual().start(() -> {
        try {
          d.await();
        } catch (Throwable t) {
          error.set(t);
          interrupted.set(Thread.currentThread().isInterrupted());
        }
      });
      started.await();
      var other = d.toFuture();
      awaiter.interrupt();
      awaiter.join(5_000);
      assertInstanceOf(CancellationException.class, error.get());
      assertTrue(interrupted.get());
      release.countDown();
      assertEquals(11, other.get(5, SECONDS), "the shared run went on for the other awaiter");
      assertEquals(1, runs.get());
    }

    @Test
    void aSupersededRunIsInterruptedItsResultNeverPublishedAndTheFreshRunWins() throws Exception {
      Signal<Integer> s = g.signal(1);
      CountDownLatch firstStarted = new CountDownLatch(1);
      AtomicBoolean firstInterrupted = new AtomicBoolean();
      AsyncDerived<Integer> d = g.asyncDerived(() -> {
        int v = s.get();
        if (v == 1) {
          firstStarted.countDown();
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            firstInterrupted.set(true);
            return -1; // would be a wrong value if it were published
          }
        }
        return v * 100;
      }, AsyncDerived.Options.defaults().name("superseded"));
      var future = d.toFuture();
      firstStarted.await();
      s.set(2);
      assertEquals(200, future.get(5, SECONDS));
      assertTrue(firstInterrupted.get());
      assertEquals(200, d.await());
    }
  }
}
