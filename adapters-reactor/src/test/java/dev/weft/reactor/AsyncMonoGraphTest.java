package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link ReactorBridge#toMono} on async derived values of a real graph. */
class AsyncMonoGraphTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Graph graph;

  @BeforeEach
  void createGraph() {
    graph = Graph.create();
  }

  @AfterEach
  void closeGraph() {
    graph.close();
  }

  @Nested
  class Values {
    @Test
    void emitsTheValueOfARunStartedOnSubscribe() {
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<Integer> answer = graph.asyncDerived(() -> {
        runs.incrementAndGet();
        return 42;
      });
      Mono<Integer> mono = ReactorBridge.toMono(answer);
      assertEquals(0, runs.get(), "nothing runs before subscribe");
      StepVerifier.create(mono).expectNext(42).expectComplete().verify(WAIT);
      assertEquals(1, runs.get());
    }

    @Test
    void eachSubscriptionGetsTheNextFreshValue() {
      Signal<Integer> n = graph.signal(1);
      AsyncDerived<Integer> twice = graph.asyncDerived(() -> n.get() * 2);
      Mono<Integer> mono = ReactorBridge.toMono(twice);
      StepVerifier.create(mono).expectNext(2).expectComplete().verify(WAIT);
      n.set(5);
      StepVerifier.create(mono).expectNext(10).expectComplete().verify(WAIT);
    }
  }

  @Nested
  class Failures {
    @Test
    void anUncheckedFailureIsTheBodysException() {
      AsyncDerived<Integer> failing = graph.asyncDerived(() -> {
        throw new IllegalStateException("no answer");
      });
      StepVerifier.create(ReactorBridge.toMono(failing))
          .expectErrorSatisfies(e -> {
            assertEquals(IllegalStateException.class, e.getClass());
            assertEquals("no answer", e.getMessage());
          })
          .verify(WAIT);
    }

    @Test
    void aCheckedFailureIsTheBodysException() {
      AsyncDerived<Integer> failing = graph.asyncDerived(() -> {
        throw new IOException("disk");
      });
      StepVerifier.create(ReactorBridge.toMono(failing)).expectError(IOException.class).verify(WAIT);
    }

    @Test
    void aDisposedNodeFailsWithCancellation() {
      AsyncDerived<Integer> answer = graph.asyncDerived(() -> 1);
      answer.dispose();
      StepVerifier.create(ReactorBridge.toMono(answer)).expectError(CancellationException.class).verify(WAIT);
    }
  }

  @Nested
  class Cancellation {
    @Test
    void cancellingOneMonoLeavesTheSharedRunToTheOtherAwaiters() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      AsyncDerived<String> slow = graph.asyncDerived(() -> {
        runs.incrementAndGet();
        started.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
        return "done";
      });
      CompletableFuture<String> other = slow.toFuture();
      assertTrue(started.await(10, TimeUnit.SECONDS));
      StepVerifier.create(ReactorBridge.toMono(slow)).expectSubscription().thenCancel().verify(WAIT);
      release.countDown();
      assertEquals("done", other.get(10, TimeUnit.SECONDS));
      assertEquals(1, runs.get(), "the run was cancelled and restarted");
    }
  }
}
