package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An async run superseded between two reads must not see a mix of the values before and after the
 * write that superseded it: its next tracked read throws {@link CancellationException}.
 */
class SupersededReadTest {
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  final Graph g = Graph.builder().name("superseded").taskFactory(TaskFactory.virtualThreads())
      .errorHandler(errors::add).build();

  @AfterEach
  void close() {
    g.close();
  }

  static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the supersede interrupts the run: keep it going to its next read
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Nested
  class AsyncEffects {
    @Test
    void aReadAfterTheSupersedingBatchThrowsAndTheRerunSeesTheBatchWhole() throws InterruptedException {
      Signal<Integer> a = g.signal(0);
      Signal<Integer> b = g.signal(0);
      CountDownLatch readA = new CountDownLatch(1);
      CountDownLatch written = new CountDownLatch(1);
      List<String> outcomes = new CopyOnWriteArrayList<>();
      g.asyncEffect(() -> {
        int x = a.get();
        if (x == 0) {
          readA.countDown();
          awaitIgnoringInterrupts(written);
        }
        try {
          outcomes.add(x + "/" + b.get());
        } catch (CancellationException e) {
          outcomes.add(x + "/cancelled");
          throw e;
        }
      });
      assertTrue(readA.await(10, SECONDS));
      g.batch(() -> {
        a.set(1);
        b.set(1);
      });
      written.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.contains("1/1"));
      assertEquals(List.of("0/cancelled", "1/1"), outcomes, "never 0/1: half of the batch");
      assertEquals(List.of(), errors, "the superseded run's cancellation is not an error");
    }
  }
}
