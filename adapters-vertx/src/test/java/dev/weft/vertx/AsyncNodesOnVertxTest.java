package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.AsyncDerived;
import dev.weft.AsyncEffect;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.TaskFactory;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Async derived values and effects of a real graph, run by the Vert.x task factories. */
@ExtendWith(VertxExtension.class)
class AsyncNodesOnVertxTest {
  private final Graph graph = Graph.create();

  @AfterEach
  void closeGraph() {
    graph.close();
  }

  private static boolean spinUntilCancelled() {
    long deadline = System.nanoTime() + TestSupport.TIMEOUT.toNanos();
    while (!VertxTaskFactory.currentTaskCancelled()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  @Nested
  class OnAnEventLoop {

    @Test
    void anAsyncDerivedComputesOnTheContext(Vertx vertx) {
      Context context = vertx.getOrCreateContext();
      Signal<Integer> price = graph.signal(10);
      AtomicReference<Context> ranOn = new AtomicReference<>();
      AsyncDerived<Integer> doubled = graph.asyncDerived(() -> {
        ranOn.set(Vertx.currentContext());
        return price.get() * 2;
      }, AsyncDerived.Options.defaults().taskFactory(VertxTaskFactory.eventLoop(context)));

      assertEquals(20, await(VertxBridge.toFuture(doubled)));
      price.set(21);
      assertEquals(42, await(VertxBridge.toFuture(doubled)));
      assertSame(context, ranOn.get());
    }

    @Test
    void aSupersededRunIsNotInterruptedSeesItIsStaleAndItsResultIsDropped(Vertx vertx) {
      TaskFactory loop = VertxTaskFactory.eventLoop(vertx.getOrCreateContext());
      Signal<Integer> price = graph.signal(1);
      CountDownLatch firstRunStarted = new CountDownLatch(1);
      AtomicBoolean staleRunSawCancel = new AtomicBoolean();
      AtomicBoolean staleRunInterrupted = new AtomicBoolean();
      AsyncDerived<String> quote = graph.asyncDerived(() -> {
        int p = price.get();
        if (p == 1) {
          firstRunStarted.countDown();
          staleRunSawCancel.set(spinUntilCancelled());
          staleRunInterrupted.set(Thread.currentThread().isInterrupted());
          return "stale";
        }
        return "fresh " + p;
      }, AsyncDerived.Options.defaults().taskFactory(loop));

      quote.toFuture(); // starts the first run
      await(firstRunStarted);
      price.set(2); // supersedes it

      assertEquals("fresh 2", await(VertxBridge.toFuture(quote)));
      assertTrue(staleRunSawCancel.get());
      assertFalse(staleRunInterrupted.get());
    }

    @Test
    void anAsyncEffectRerunsOnTheLoopOnChange(Vertx vertx) {
      Context context = vertx.getOrCreateContext();
      Signal<String> title = graph.signal("a");
      List<String> seen = new CopyOnWriteArrayList<>();
      AtomicBoolean alwaysOnContext = new AtomicBoolean(true);
      AsyncEffect effect = graph.asyncEffect(() -> {
        alwaysOnContext.compareAndSet(true, Vertx.currentContext() == context);
        seen.add(title.get());
      }, AsyncEffect.Options.defaults().taskFactory(VertxTaskFactory.eventLoop(context)));

      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> seen.equals(List.of("a")));
      title.set("b");
      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> seen.equals(List.of("a", "b")));
      effect.dispose();

      assertTrue(alwaysOnContext.get());
    }

    @Test
    void aRunBlockingTheLoopIsReportedUnderItsNodeName(Vertx vertx) {
      List<String> reported = new CopyOnWriteArrayList<>();
      TaskFactory loop = new EventLoopTaskFactory(vertx.getOrCreateContext(), Duration.ofMillis(5),
          (node, took) -> reported.add(node));
      AsyncDerived<String> slow = graph.asyncDerived(() -> {
        Thread.sleep(50); // a body that wrongly blocks the loop
        return "done";
      }, AsyncDerived.Options.defaults().taskFactory(loop).name("slow-quote"));

      assertEquals("done", await(VertxBridge.toFuture(slow)));
      // the value is published inside the run; the duration is checked right after it returns
      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> !reported.isEmpty());
      assertEquals(List.of("slow-quote"), reported);
    }
  }

  @Nested
  class OnVirtualThreads {

    @Test
    void futureAwaitInsideTheBodyAndReadsAfterItAreTracked(Vertx vertx) {
      Signal<Integer> base = graph.signal(1);
      Signal<Integer> factor = graph.signal(10);
      AtomicReference<ThreadingModel> model = new AtomicReference<>();
      AsyncDerived<Integer> product = graph.asyncDerived(() -> {
        int b = base.get();
        int delayed = vertx.timer(5).map(ignored -> b).await(); // suspends the virtual thread
        model.set(Vertx.currentContext().threadingModel());
        return delayed * factor.get(); // read after the await: still a dependency
      }, AsyncDerived.Options.defaults().taskFactory(VertxTaskFactory.virtualThreads(vertx)));

      assertEquals(10, await(VertxBridge.toFuture(product)));
      factor.set(100);
      assertEquals(100, await(VertxBridge.toFuture(product)));
      assertEquals(ThreadingModel.VIRTUAL_THREAD, model.get());
    }

    @Test
    void aSupersededRunSuspendedInFutureAwaitIsInterrupted(Vertx vertx) {
      Signal<Integer> version = graph.signal(1);
      Promise<String> never = Promise.promise();
      CountDownLatch firstRunAwaiting = new CountDownLatch(1);
      AtomicReference<Throwable> staleRunGot = new AtomicReference<>();
      AsyncDerived<String> value = graph.asyncDerived(() -> {
        int v = version.get();
        if (v == 1) {
          firstRunAwaiting.countDown();
          try {
            return never.future().await();
          } catch (Throwable t) {
            staleRunGot.set(t);
            throw t;
          }
        }
        return "fresh " + v;
      }, AsyncDerived.Options.defaults().taskFactory(VertxTaskFactory.virtualThreads(vertx)));

      value.toFuture();
      await(firstRunAwaiting);
      version.set(2);

      assertEquals("fresh 2", await(VertxBridge.toFuture(value)));
      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> staleRunGot.get() != null);
      assertInstanceOf(InterruptedException.class, staleRunGot.get());
    }
  }
}
