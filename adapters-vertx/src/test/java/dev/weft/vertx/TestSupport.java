package dev.weft.vertx;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits for tests: nothing here waits longer than {@link #TIMEOUT}. */
final class TestSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private TestSupport() {}

  /** Waits for {@code stage} and returns its value; fails the test after {@link #TIMEOUT}. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete within " + TIMEOUT + ": " + stage, e);
    }
  }

  /** Waits for a Vert.x future from a non-Vert.x thread; fails the test after {@link #TIMEOUT}. */
  static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("did not complete within " + TIMEOUT + ": " + future, e);
    }
  }

  /** Waits for {@code latch}; fails the test after {@link #TIMEOUT}. */
  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("latch not released within " + TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A runnable that prints as the graph's runs do ("run of <node>"). */
  static Runnable runOf(String node, Runnable body) {
    return new Runnable() {
      @Override
      public void run() {
        body.run();
      }

      @Override
      public String toString() {
        return "run of " + node;
      }
    };
  }
}
