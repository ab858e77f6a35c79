package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/** {@link ReactorBridge#toFlux(dev.weft.ReadableSignal)} on signals and derived values of a real graph. */
class SignalFluxGraphTest {
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
    void emitsTheCurrentValueThenEachChange() {
      Signal<String> name = graph.signal("a");
      StepVerifier.create(ReactorBridge.toFlux(name))
          .expectNext("a")
          .then(() -> name.set("b"))
          .expectNext("b")
          .then(() -> name.set("b")) // equal: no change, nothing emitted
          .then(() -> name.set("c"))
          .expectNext("c")
          .thenCancel()
          .verify(WAIT);
    }

    @Test
    void aBatchIsOneChange() {
      Signal<Integer> n = graph.signal(0);
      StepVerifier.create(ReactorBridge.toFlux(n))
          .expectNext(0)
          .then(() -> graph.batch(() -> {
            n.set(1);
            n.set(2);
            n.set(3);
          }))
          .expectNext(3)
          .expectNoEvent(Duration.ofMillis(50))
          .thenCancel()
          .verify(WAIT);
    }

    @Test
    void aDerivedValueIsEmittedGlitchFree() {
      Signal<Integer> n = graph.signal(1);
      Derived<Integer> plusOne = graph.derived(() -> n.get() + 1);
      Derived<Integer> twice = graph.derived(() -> n.get() * 2);
      Derived<String> both = graph.derived(() -> plusOne.get() + "/" + twice.get());
      StepVerifier.create(ReactorBridge.toFlux(both))
          .expectNext("2/2")
          .then(() -> n.set(5))
          .expectNext("6/10") // never a mix such as "6/2"
          .thenCancel()
          .verify(WAIT);
    }

    @Test
    void aDerivedThatFailsOnTheFirstReadFailsTheFlux() {
      Signal<Integer> n = graph.signal(-1);
      Derived<Integer> positive = graph.derived(() -> {
        if (n.get() < 0) {
          throw new IllegalArgumentException("negative: " + n.get());
        }
        return n.get();
      });
      StepVerifier.create(ReactorBridge.toFlux(positive))
          .expectErrorMessage("negative: -1")
          .verify(WAIT);
    }

    @Test
    void aLaterFailureGoesToTheWriterAndTheFluxResumesWithTheNextValue() {
      // ReadableSignal.subscribe has no error channel: a failure after subscribe is the failing
      // subscriber effect's, which the kernel rethrows to the writer (see the module's README).
      Signal<Integer> n = graph.signal(1);
      Derived<Integer> positive = graph.derived(() -> {
        if (n.get() < 0) {
          throw new IllegalArgumentException("negative: " + n.get());
        }
        return n.get();
      });
      StepVerifier.create(ReactorBridge.toFlux(positive))
          .expectNext(1)
          .then(() -> assertThrows(IllegalArgumentException.class, () -> n.set(-2)))
          .expectNoEvent(Duration.ofMillis(50))
          .then(() -> n.set(3))
          .expectNext(3)
          .thenCancel()
          .verify(WAIT);
    }
  }

  @Nested
  class Backpressure {
    @Test
    void aSubscriberThatRequestedOneWhileAThousandWritesHappenedGetsTheThousandth() {
      Signal<Integer> n = graph.signal(0);
      StepVerifier.create(ReactorBridge.toFlux(n), 1)
          .expectNext(0)
          .then(() -> {
            for (int i = 1; i <= 1000; i++) {
              n.set(i);
            }
          })
          .expectNoEvent(Duration.ofMillis(50))
          .thenRequest(1)
          .expectNext(1000)
          .thenCancel()
          .verify(WAIT);
    }
  }

  @Nested
  class Cancellation {
    @Test
    void cancellingLeavesNoEffectBehind() {
      // A derived value watched only by the Flux: after cancel it is unwatched again, so writes no
      // longer recompute it.
      Signal<Integer> n = graph.signal(1);
      AtomicInteger computations = new AtomicInteger();
      Derived<Integer> twice = graph.derived(() -> {
        computations.incrementAndGet();
        return n.get() * 2;
      });
      StepVerifier.create(ReactorBridge.toFlux(twice))
          .expectNext(2)
          .then(() -> n.set(2))
          .expectNext(4)
          .thenCancel()
          .verify(WAIT);
      int afterCancel = computations.get();
      n.set(3);
      n.set(4);
      assertEquals(afterCancel, computations.get(), "the derived value is still watched");
    }

    @Test
    void takeOneDisposesTheRegistrationMadeDuringTheFirstValue() {
      Signal<Integer> n = graph.signal(1);
      AtomicInteger computations = new AtomicInteger();
      Derived<Integer> twice = graph.derived(() -> {
        computations.incrementAndGet();
        return n.get() * 2;
      });
      StepVerifier.create(ReactorBridge.toFlux(twice).take(1)).expectNext(2).verifyComplete();
      int after = computations.get();
      n.set(5);
      assertEquals(after, computations.get(), "the derived value is still watched");
    }
  }

  @Nested
  class Concurrency {
    @Test
    void concurrentWritersNeverLoseTheLastValueAndOnNextStaysSerialised() throws InterruptedException {
      Signal<Integer> n = graph.signal(0);
      int writers = 4;
      int writesEach = 1_000;
      List<Integer> received = new CopyOnWriteArrayList<>();
      AtomicInteger inOnNext = new AtomicInteger();
      AtomicBoolean overlapped = new AtomicBoolean();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        threads.add(Thread.ofPlatform().start(() -> {
          SignalFluxTest.awaitQuietly(go);
          for (int i = 0; i < writesEach; i++) {
            n.update(v -> v + 1);
          }
        }));
      }
      BaseSubscriber<Integer> subscriber = new BaseSubscriber<>() {
        @Override
        protected void hookOnNext(Integer value) {
          if (inOnNext.incrementAndGet() != 1) {
            overlapped.set(true);
          }
          received.add(value);
          inOnNext.decrementAndGet();
        }
      };
      go.countDown(); // subscribe while the writers run: no write may fall between register and read
      ReactorBridge.toFlux(n).subscribe(subscriber);
      for (Thread t : threads) {
        assertTrue(t.join(WAIT));
      }
      subscriber.dispose();
      assertFalse(overlapped.get(), "onNext ran concurrently");
      assertEquals(writers * writesEach, received.getLast(), "the last write was not emitted last");
      for (int i = 1; i < received.size(); i++) {
        assertTrue(received.get(i - 1) < received.get(i), "out of order at " + i + ": " + received);
      }
    }
  }
}
