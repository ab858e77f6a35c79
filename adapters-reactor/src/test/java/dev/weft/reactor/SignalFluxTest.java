package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@link ReactorBridge#toFlux(dev.weft.ReadableSignal)} against a kernel-independent signal. */
class SignalFluxTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Nested
  class Values {
    @Test
    void emitsTheCurrentValueThenEachChange() {
      TestSignal<Integer> signal = new TestSignal<>(0);
      StepVerifier.create(ReactorBridge.toFlux(signal))
          .expectNext(0)
          .then(() -> signal.set(1))
          .expectNext(1)
          .then(() -> signal.set(2))
          .expectNext(2)
          .thenCancel()
          .verify(WAIT);
    }

    @Test
    void eachSubscriberGetsItsOwnRegistration() {
      TestSignal<String> signal = new TestSignal<>("a");
      Flux<String> flux = ReactorBridge.toFlux(signal);
      assertEquals(0, signal.watchers(), "nothing registers before subscribe");
      StepVerifier.create(flux.take(1)).expectNext("a").verifyComplete();
      StepVerifier.create(flux.take(1)).expectNext("a").verifyComplete();
      assertEquals(0, signal.watchers());
    }

    @Test
    void aFailingFirstReadFailsTheFlux() {
      TestSignal<Integer> signal = new TestSignal<>(0);
      signal.failSubscribesWith(new IllegalStateException("derived failed"));
      StepVerifier.create(ReactorBridge.toFlux(signal))
          .expectErrorMessage("derived failed")
          .verify(WAIT);
    }

    @Test
    void nullSignalIsRejectedNamingTheParameter() {
      NullPointerException e = assertThrows(NullPointerException.class, () -> ReactorBridge.toFlux((dev.weft.ReadableSignal<?>) null));
      assertEquals("signal", e.getMessage());
    }
  }

  @Nested
  class Backpressure {
    @Test
    void aSubscriberThatRequestedOneWhileAThousandWritesHappenedGetsTheThousandth() {
      TestSignal<Integer> signal = new TestSignal<>(0);
      StepVerifier.create(ReactorBridge.toFlux(signal), 1)
          .expectNext(0)
          .then(() -> {
            for (int i = 1; i <= 1000; i++) {
              signal.set(i);
            }
          })
          .expectNoEvent(Duration.ofMillis(50))
          .thenRequest(1)
          .expectNext(1000)
          .expectNoEvent(Duration.ofMillis(50))
          .thenCancel()
          .verify(WAIT);
    }

    @Test
    void withoutDemandOnlyTheLatestValueIsKept() {
      TestSignal<Integer> signal = new TestSignal<>(0);
      StepVerifier.create(ReactorBridge.toFlux(signal), 0)
          .then(() -> signal.set(1))
          .then(() -> signal.set(2))
          .thenRequest(5)
          .expectNext(2)
          .then(() -> signal.set(3))
          .expectNext(3)
          .thenCancel()
          .verify(WAIT);
    }
  }

  @Nested
  class Concurrency {
    @Test
    void onNextIsSerialisedWhateverThreadsWrite() throws InterruptedException {
      TestSignal<Integer> signal = new TestSignal<>(0);
      AtomicInteger inOnNext = new AtomicInteger();
      AtomicBoolean overlapped = new AtomicBoolean();
      AtomicInteger received = new AtomicInteger();
      BaseSubscriber<Integer> subscriber = new BaseSubscriber<>() {
        @Override
        protected void hookOnNext(Integer value) {
          if (inOnNext.incrementAndGet() != 1) {
            overlapped.set(true);
          }
          Thread.onSpinWait();
          received.incrementAndGet();
          inOnNext.decrementAndGet();
        }
      };
      ReactorBridge.toFlux(signal).subscribe(subscriber);
      int writers = 4;
      int writes = 2_000;
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int base = w * writes;
        threads.add(Thread.ofPlatform().start(() -> {
          awaitQuietly(go);
          for (int i = 1; i <= writes; i++) {
            signal.set(base + i);
          }
        }));
      }
      go.countDown();
      for (Thread t : threads) {
        assertTrue(t.join(WAIT));
      }
      subscriber.dispose();
      assertFalse(overlapped.get(), "onNext ran concurrently");
      assertEquals(writers * writes + 1, received.get(), "with demand, every change is emitted");
      assertEquals(0, signal.watchers());
    }
  }

  @Nested
  class Cancellation {
    @Test
    void cancellingDisposesTheGraphSubscription() {
      TestSignal<Integer> signal = new TestSignal<>(0);
      StepVerifier.create(ReactorBridge.toFlux(signal))
          .expectNext(0)
          .then(() -> assertEquals(1, signal.watchers()))
          .thenCancel()
          .verify(WAIT);
      assertEquals(0, signal.watchers());
    }

    @Test
    void cancellingDuringTheFirstValueDisposesTheSubscriptionToo() {
      TestSignal<Integer> signal = new TestSignal<>(7);
      StepVerifier.create(ReactorBridge.toFlux(signal).take(1)).expectNext(7).verifyComplete();
      assertEquals(0, signal.watchers());
    }

    @Test
    void anErrorDownstreamDisposesTheSubscription() {
      TestSignal<Integer> signal = new TestSignal<>(0);
      StepVerifier.create(ReactorBridge.toFlux(signal).map(v -> {
            if (v == 2) {
              throw new IllegalArgumentException("two");
            }
            return v;
          }))
          .expectNext(0)
          .then(() -> signal.set(2))
          .expectError(IllegalArgumentException.class)
          .verify(WAIT);
      assertEquals(0, signal.watchers());
    }
  }

  @Nested
  class VirtualTime {
    @Test
    void composesWithTimeOperatorsOnVirtualTime() {
      // sample() on a virtual clock: each window emits the latest value written in it.
      TestSignal<Integer> signal = new TestSignal<>(0);
      VirtualTimeScheduler clock = VirtualTimeScheduler.create();
      StepVerifier.withVirtualTime(
              () -> ReactorBridge.toFlux(signal).sample(Flux.interval(Duration.ofSeconds(1), clock)),
              () -> clock,
              Long.MAX_VALUE)
          .expectSubscription()
          .then(() -> signal.set(1))
          .then(() -> signal.set(2))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(2)
          .then(() -> signal.set(3))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(3)
          .thenAwait(Duration.ofSeconds(5))
          .expectNoEvent(Duration.ofSeconds(1))
          .thenCancel()
          .verify(WAIT);
      assertEquals(0, signal.watchers());
    }
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for a latch");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
