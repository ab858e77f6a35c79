package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link ReactorBridge#toMono} against a node that hands every awaiter the same future. */
class AsyncMonoTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Nested
  class Values {
    @Test
    void emitsTheNextFreshValueThenCompletes() {
      FakeAsyncDerived<Integer> derived = new FakeAsyncDerived<>();
      StepVerifier.create(ReactorBridge.toMono(derived))
          .expectSubscription()
          .expectNoEvent(Duration.ofMillis(20))
          .then(() -> derived.shared.complete(42))
          .expectNext(42)
          .verifyComplete();
    }

    @Test
    void asksTheNodeOnlyWhenSubscribedAndOncePerSubscriber() {
      FakeAsyncDerived<Integer> derived = new FakeAsyncDerived<>();
      derived.shared.complete(1);
      Mono<Integer> mono = ReactorBridge.toMono(derived);
      assertEquals(0, derived.toFutureCalls.get());
      StepVerifier.create(mono).expectNext(1).verifyComplete();
      StepVerifier.create(mono).expectNext(1).verifyComplete();
      assertEquals(2, derived.toFutureCalls.get());
    }

    @Test
    void nullDerivedIsRejectedNamingTheParameter() {
      NullPointerException e = assertThrows(NullPointerException.class, () -> ReactorBridge.toMono(null));
      assertEquals("derived", e.getMessage());
    }
  }

  @Nested
  class Failures {
    @Test
    void anUncheckedFailureFailsTheMonoAsIs() {
      FakeAsyncDerived<Integer> derived = new FakeAsyncDerived<>();
      derived.shared.completeExceptionally(new IllegalStateException("body failed"));
      StepVerifier.create(ReactorBridge.toMono(derived))
          .expectErrorSatisfies(e -> {
            assertEquals(IllegalStateException.class, e.getClass());
            assertEquals("body failed", e.getMessage());
          })
          .verify(WAIT);
    }

    @Test
    void aCheckedFailureWrappedInCompletionExceptionIsUnwrapped() {
      FakeAsyncDerived<Integer> derived = new FakeAsyncDerived<>();
      derived.shared.completeExceptionally(new CompletionException(new IOException("disk")));
      StepVerifier.create(ReactorBridge.toMono(derived))
          .expectError(IOException.class)
          .verify(WAIT);
    }
  }

  @Nested
  class Cancellation {
    @Test
    void cancellingTheMonoLeavesTheSharedComputationToTheOtherAwaiters() throws Exception {
      FakeAsyncDerived<Integer> derived = new FakeAsyncDerived<>();
      var otherAwaiter = derived.toFuture();
      StepVerifier.create(ReactorBridge.toMono(derived))
          .expectSubscription()
          .thenCancel()
          .verify(WAIT);
      assertFalse(derived.shared.isCancelled(), "the shared future was cancelled");
      derived.shared.complete(5);
      assertEquals(5, otherAwaiter.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
  }
}
