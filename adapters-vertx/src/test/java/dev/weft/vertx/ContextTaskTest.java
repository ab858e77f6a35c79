package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContextTaskTest {

  @Nested
  class CancelledBeforeItRuns {

    @Test
    void skipsTheWorkAndEnds() {
      AtomicBoolean ran = new AtomicBoolean();
      ContextTask task = new ContextTask(() -> ran.set(true), true, null);

      task.cancel();
      task.run();

      await(task.done());
      assertFalse(ran.get());
    }

    /**
     * The graph reacts to a run's end under its own lock, and cancels runs while holding that lock:
     * ending a skipped run must not hold the task's lock while the graph's callback waits for the graph.
     */
    @Test
    void endingDoesNotHoldTheTaskLockWhileTheGraphReacts() {
      ContextTask task = new ContextTask(() -> {}, true, null);
      ReentrantLock graphLock = new ReentrantLock();
      task.done().whenComplete((v, e) -> {
        graphLock.lock(); // the graph's callback
        graphLock.unlock();
      });
      task.cancel();

      graphLock.lock(); // a thread of the graph holds its lock...
      try {
        Thread runner = Thread.ofVirtual().start(task::run);
        Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> graphLock.hasQueuedThread(runner));
        // ...and cancels the same run again (a supersede) while the run's end waits for the graph
        await(CompletableFuture.runAsync(task::cancel));
      } finally {
        graphLock.unlock();
      }
      await(task.done());
    }
  }
}
