package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static dev.weft.vertx.TestSupport.runOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.TaskFactory;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class VertxTaskFactoryTest {

  /** Spins (on the event loop, as a long non-blocking body would) until the run is cancelled. */
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
  class EventLoop {

    @Test
    void runsEachRunOnTheContextsEventLoop(Vertx vertx) {
      Context context = vertx.getOrCreateContext();
      TaskFactory factory = VertxTaskFactory.eventLoop(context);
      AtomicReference<Context> seen = new AtomicReference<>();
      AtomicBoolean onEventLoop = new AtomicBoolean();

      Task task = factory.start(() -> {
        seen.set(Vertx.currentContext());
        onEventLoop.set(Context.isOnEventLoopThread());
      });
      await(task.done());

      assertSame(context, seen.get());
      assertTrue(onEventLoop.get());
    }

    @Test
    void aRunCancelledBeforeItStartsNeverRuns(Vertx vertx) {
      Context context = vertx.getOrCreateContext();
      TaskFactory factory = VertxTaskFactory.eventLoop(context);
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<Task> started = new CompletableFuture<>();

      // While this handler runs, the loop cannot start the new run: it is cancelled first.
      context.runOnContext(v -> {
        Task task = factory.start(() -> ran.set(true));
        task.cancel();
        started.complete(task);
      });
      await(await(started).done());

      assertFalse(ran.get());
    }

    @Test
    void cancellingARunInProgressMarksItAndNeverInterruptsTheLoop(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.eventLoop(vertx.getOrCreateContext());
      CountDownLatch running = new CountDownLatch(1);
      AtomicBoolean sawCancelled = new AtomicBoolean();
      AtomicBoolean interrupted = new AtomicBoolean(true);
      AtomicBoolean cancelledBeforeCancel = new AtomicBoolean(true);

      Task task = factory.start(() -> {
        cancelledBeforeCancel.set(VertxTaskFactory.currentTaskCancelled());
        running.countDown();
        sawCancelled.set(spinUntilCancelled());
        interrupted.set(Thread.currentThread().isInterrupted());
      });
      await(running);
      task.cancel();
      await(task.done());

      assertFalse(cancelledBeforeCancel.get(), "a live run is not cancelled");
      assertTrue(sawCancelled.get(), "the body sees its run cancelled");
      assertFalse(interrupted.get(), "an event-loop thread is never interrupted");
    }

    @Test
    void currentTaskCancelledIsFalseOutsideAnyRun() {
      assertFalse(VertxTaskFactory.currentTaskCancelled());
    }

    @Test
    void aRunThatThrowsStillEnds(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.eventLoop(vertx.getOrCreateContext());

      Task task = factory.start(() -> {
        throw new IllegalStateException("boom (expected by the test)");
      });

      await(task.done());
    }

    @Test
    void rejectsRunsOnceVertxIsClosed() {
      Vertx closed = Vertx.vertx();
      TaskFactory factory = VertxTaskFactory.eventLoop(closed.getOrCreateContext());
      await(closed.close());

      assertThrows(RejectedExecutionException.class, () -> factory.start(() -> {}));
    }

    @Test
    void rejectsContextsThatAreNotEventLoops(Vertx vertx) {
      Context worker = ((VertxInternal) vertx).createWorkerContext();

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> VertxTaskFactory.eventLoop(worker));
      assertTrue(e.getMessage().contains("virtualThreads"), e.getMessage());
    }

    @Test
    void rejectsNullsNamingTheParameter(Vertx vertx) {
      Context context = vertx.getOrCreateContext();

      assertEquals("context", assertThrows(NullPointerException.class,
          () -> VertxTaskFactory.eventLoop(null)).getMessage());
      assertEquals("options", assertThrows(NullPointerException.class,
          () -> VertxTaskFactory.eventLoop(context, (VertxOptions) null)).getMessage());
      assertEquals("work", assertThrows(NullPointerException.class,
          () -> VertxTaskFactory.eventLoop(context).start(null)).getMessage());
    }
  }

  @Nested
  class BlockedLoopWarning {

    @Test
    void warnsOncePerNodeWhoseRunBlocksLongerThanTheThreshold(Vertx vertx) {
      List<String> warned = new CopyOnWriteArrayList<>();
      List<Duration> durations = new CopyOnWriteArrayList<>();
      TaskFactory factory = new EventLoopTaskFactory(vertx.getOrCreateContext(), Duration.ofMillis(5),
          (node, took) -> {
            warned.add(node);
            durations.add(took);
          });
      Runnable slow = () -> sleep(50); // simulates a body that blocks the loop

      await(factory.start(runOf("prices", slow)).done());
      await(factory.start(runOf("prices", slow)).done());
      await(factory.start(runOf("stock", slow)).done());

      assertEquals(List.of("prices", "stock"), warned);
      assertTrue(durations.stream().allMatch(d -> d.toMillis() >= 50), durations::toString);
    }

    @Test
    void doesNotWarnForRunsWithinTheThreshold(Vertx vertx) {
      List<String> warned = new CopyOnWriteArrayList<>();
      TaskFactory factory = new EventLoopTaskFactory(vertx.getOrCreateContext(), Duration.ofMinutes(5),
          (node, took) -> warned.add(node));

      await(factory.start(runOf("quick", () -> {})).done());

      assertEquals(List.of(), warned);
    }

    @Test
    void namesTheNodeFromTheGraphsRunOrFallsBackToTheRunnable() {
      assertEquals("prices", EventLoopTaskFactory.nodeName(runOf("prices", () -> {})));
      Runnable plain = new Runnable() {
        @Override
        public void run() {}

        @Override
        public String toString() {
          return "plain";
        }
      };
      assertEquals("plain", EventLoopTaskFactory.nodeName(plain));
    }

    @Test
    void rejectsANegativeThreshold(Vertx vertx) {
      assertThrows(IllegalArgumentException.class,
          () -> VertxTaskFactory.eventLoop(vertx.getOrCreateContext(), Duration.ofMillis(-1)));
    }
  }

  @Nested
  class VirtualThreads {

    @Test
    void runsOnAVirtualThreadOfAVertxVirtualThreadContext(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.virtualThreads(vertx);
      AtomicReference<Context> seen = new AtomicReference<>();
      AtomicBoolean virtual = new AtomicBoolean();

      await(factory.start(() -> {
        seen.set(Vertx.currentContext());
        virtual.set(Thread.currentThread().isVirtual());
      }).done());

      assertNotNull(seen.get());
      assertEquals(ThreadingModel.VIRTUAL_THREAD, seen.get().threadingModel());
      assertTrue(virtual.get());
    }

    @Test
    void futureAwaitWorksInsideTheBody(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.virtualThreads(vertx);
      AtomicReference<Object> result = new AtomicReference<>();

      await(factory.start(() -> result.set(vertx.timer(10).map(ignored -> "fired").await())).done());

      assertEquals("fired", result.get());
    }

    @Test
    void runsDoNotWaitForEachOtherEvenWhenOneBlocksOutsideFutureAwait(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.virtualThreads(vertx);
      CountDownLatch second = new CountDownLatch(1);
      AtomicBoolean firstSawSecond = new AtomicBoolean();

      Task first = factory.start(() -> firstSawSecond.set(awaitQuietly(second)));
      Task other = factory.start(second::countDown);
      await(first.done());
      await(other.done());

      assertTrue(firstSawSecond.get(), "a blocked run must not hold up other runs");
    }

    @Test
    void cancelInterruptsARunSuspendedInFutureAwait(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.virtualThreads(vertx);
      Promise<String> never = Promise.promise();
      CountDownLatch awaiting = new CountDownLatch(1);
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean sawCancelled = new AtomicBoolean();
      AtomicReference<Context> runContext = new AtomicReference<>();

      Task task = factory.start(() -> {
        runContext.set(Vertx.currentContext());
        awaiting.countDown();
        try {
          never.future().await();
        } catch (Throwable t) {
          thrown.set(t);
          sawCancelled.set(VertxTaskFactory.currentTaskCancelled());
        }
      });
      await(awaiting);
      awaitSuspended(task, never);
      task.cancel();
      await(task.done());

      assertInstanceOf(InterruptedException.class, thrown.get());
      assertTrue(sawCancelled.get());

      // The abandoned future completing later must not stall the run's context (a Vert.x 5.1.x bug,
      // fixed in 5.1.9 / 5.2.0), and the interrupt must not leak into the context's next task.
      never.complete("late");
      CompletableFuture<Boolean> nextTaskInterrupted = new CompletableFuture<>();
      runContext.get().runOnContext(v -> nextTaskInterrupted.complete(Thread.currentThread().isInterrupted()));
      assertFalse(await(nextTaskInterrupted));
    }

    @Test
    void cancelInterruptsABlockingRun(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.virtualThreads(vertx);
      CountDownLatch running = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();

      Task task = factory.start(() -> {
        running.countDown();
        try {
          new CountDownLatch(1).await(); // blocks until interrupted
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
      });
      await(running);
      task.cancel();
      await(task.done());

      assertTrue(interrupted.get());
    }

    @Test
    void eachRunGetsItsOwnContext(Vertx vertx) {
      TaskFactory factory = VertxTaskFactory.virtualThreads(vertx);
      AtomicReference<Context> first = new AtomicReference<>();
      AtomicReference<Context> second = new AtomicReference<>();

      await(factory.start(() -> first.set(Vertx.currentContext())).done());
      await(factory.start(() -> second.set(Vertx.currentContext())).done());

      assertNotSame(first.get(), second.get());
    }

    @Test
    void rejectsRunsOnceVertxIsClosed() {
      Vertx closed = Vertx.vertx();
      TaskFactory factory = VertxTaskFactory.virtualThreads(closed);
      await(closed.close());

      assertThrows(RejectedExecutionException.class, () -> factory.start(() -> {}));
    }

    @Test
    void rejectsNull() {
      assertEquals("vertx", assertThrows(NullPointerException.class,
          () -> VertxTaskFactory.virtualThreads(null)).getMessage());
    }
  }

  /** Waits until the run's thread is parked in {@code Future.await()} on {@code future}. */
  private static void awaitSuspended(Task task, Promise<?> future) {
    org.awaitility.Awaitility.await().atMost(TestSupport.TIMEOUT)
        .until(() -> !future.future().isComplete() && isParked(task));
  }

  private static boolean isParked(Task task) {
    return task instanceof ContextTask t && t.runnerState() == Thread.State.WAITING;
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(TestSupport.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
