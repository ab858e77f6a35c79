package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.TaskFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class ReactorTaskFactoryTest {
  private static final long WAIT = 10;

  private Scheduler elastic;
  private Scheduler single;

  @BeforeEach
  void createSchedulers() {
    elastic = Schedulers.newBoundedElastic(4, 100, "weft-test-elastic");
    single = Schedulers.newSingle("weft-test-single");
  }

  @AfterEach
  void disposeSchedulers() {
    elastic.dispose();
    single.dispose();
  }

  private static void await(Task task) throws Exception {
    task.done().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(WAIT, TimeUnit.SECONDS), "timed out waiting for a latch");
  }

  @Nested
  class Running {
    @Test
    void runsTheWorkOnTheSchedulersThread() throws Exception {
      AtomicReference<String> thread = new AtomicReference<>();
      Task task = ReactorTaskFactory.of(elastic).start(() -> thread.set(Thread.currentThread().getName()));
      await(task);
      assertTrue(thread.get().startsWith("weft-test-elastic"), thread.get());
    }

    @Test
    void doneCompletesOnlyAfterTheWorkEnded() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Task task = ReactorTaskFactory.of(elastic).start(() -> {
        started.countDown();
        awaitUninterruptibly(release);
      });
      await(started);
      assertFalse(task.done().toCompletableFuture().isDone());
      release.countDown();
      await(task);
    }

    @Test
    void immediateSchedulerRunsInlineBeforeStartReturns() {
      AtomicReference<Thread> thread = new AtomicReference<>();
      Task task = ReactorTaskFactory.of(Schedulers.immediate()).start(() -> thread.set(Thread.currentThread()));
      assertEquals(Thread.currentThread(), thread.get());
      assertTrue(task.done().toCompletableFuture().isDone());
    }

    @Test
    void runsOfDifferentNodesDoNotWaitForEachOther() throws Exception {
      // Run A blocks until run B has run: with one worker for the whole factory this would deadlock.
      TaskFactory factory = ReactorTaskFactory.of(elastic);
      CountDownLatch bRan = new CountDownLatch(1);
      AtomicBoolean aSawB = new AtomicBoolean();
      Task a = factory.start(() -> {
        try {
          aSawB.set(bRan.await(WAIT, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Task b = factory.start(bRan::countDown);
      await(b);
      await(a);
      assertTrue(aSawB.get());
    }
  }

  @Nested
  class Cancelling {
    @Test
    void aRunningRunIsInterrupted() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      Task task = ReactorTaskFactory.of(elastic).start(() -> {
        started.countDown();
        try {
          new CountDownLatch(1).await(WAIT, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
      });
      await(started);
      task.cancel();
      await(task);
      assertTrue(interrupted.get());
    }

    @Test
    void aQueuedRunNeverStartsAndIsDoneAtOnce() throws Exception {
      TaskFactory factory = ReactorTaskFactory.of(single); // one thread: the second run queues
      CountDownLatch release = new CountDownLatch(1);
      Task blocker = factory.start(() -> awaitUninterruptibly(release));
      AtomicBoolean ran = new AtomicBoolean();
      Task queued = factory.start(() -> ran.set(true));
      queued.cancel();
      assertTrue(queued.done().toCompletableFuture().isDone());
      release.countDown();
      await(blocker);
      // a run submitted after the cancelled one has run, so the cancelled one had its chance
      await(factory.start(() -> {}));
      assertFalse(ran.get());
    }

    @Test
    void theInterruptDoesNotLeakIntoDoneCallbacksOrTheNextRun() throws Exception {
      TaskFactory factory = ReactorTaskFactory.of(single);
      CountDownLatch started = new CountDownLatch(1);
      Task task = factory.start(() -> {
        started.countDown();
        try {
          new CountDownLatch(1).await(WAIT, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          // ignore it on purpose: the factory must still clear the flag
          Thread.currentThread().interrupt();
        }
      });
      CompletableFuture<Boolean> callbackInterrupted =
          task.done().toCompletableFuture().thenApply(v -> Thread.currentThread().isInterrupted());
      await(started);
      task.cancel();
      await(task);
      assertFalse(callbackInterrupted.get(WAIT, TimeUnit.SECONDS));
      AtomicBoolean nextInterrupted = new AtomicBoolean(true);
      await(factory.start(() -> nextInterrupted.set(Thread.currentThread().isInterrupted())));
      assertFalse(nextInterrupted.get());
    }

    @Test
    void cancellingAfterTheEndOrTwiceDoesNothing() throws Exception {
      AtomicBoolean ran = new AtomicBoolean();
      Task task = ReactorTaskFactory.of(elastic).start(() -> ran.set(true));
      await(task);
      task.cancel();
      task.cancel();
      assertTrue(ran.get());
      assertTrue(task.done().toCompletableFuture().isDone());
    }
  }

  @Nested
  class Workers {
    @Test
    void everyRunGetsItsOwnWorkerAndReleasesIt() throws Exception {
      CountingScheduler counting = new CountingScheduler(elastic);
      TaskFactory factory = ReactorTaskFactory.of(counting);
      for (int i = 0; i < 20; i++) {
        await(factory.start(() -> {}));
      }
      assertEquals(20, counting.created.get());
      assertEquals(0, counting.live.get());
    }

    @Test
    void aCancelledRunReleasesItsWorker() throws Exception {
      CountingScheduler counting = new CountingScheduler(single);
      TaskFactory factory = ReactorTaskFactory.of(counting);
      CountDownLatch release = new CountDownLatch(1);
      Task blocker = factory.start(() -> awaitUninterruptibly(release));
      factory.start(() -> {}).cancel();
      assertEquals(1, counting.live.get());
      release.countDown();
      await(blocker);
      assertEquals(0, counting.live.get());
    }
  }

  @Nested
  class Rejecting {
    @Test
    void aDisposedSchedulerRejectsWithAMessageNamingIt() {
      Scheduler scheduler = Schedulers.newParallel("weft-test-disposed", 1);
      scheduler.dispose();
      TaskFactory factory = ReactorTaskFactory.of(scheduler);
      RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> factory.start(() -> {}));
      assertTrue(e.getMessage().contains("weft-test-disposed") && e.getMessage().contains("disposed"), e.getMessage());
    }

    @Test
    void nullSchedulerIsRejectedNamingTheParameter() {
      NullPointerException e = assertThrows(NullPointerException.class, () -> ReactorTaskFactory.of(null));
      assertEquals("scheduler", e.getMessage());
    }
  }

  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        if (!latch.await(WAIT, TimeUnit.SECONDS)) {
          throw new AssertionError("timed out waiting for a latch");
        }
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
