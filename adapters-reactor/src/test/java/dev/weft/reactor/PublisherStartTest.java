package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The publisher-facing half of {@link ReactorBridge#fromPublisher}: what happens between a {@code
 * Publisher} and the producer's {@code setValue}, independent of the graph kernel.
 */
class PublisherStartTest {

  @Nested
  class Subscribing {
    @Test
    void subscribesOnStartOnlyAndRequestsOneValueAtATime() {
      TestPublisher<Integer> source = TestPublisher.create();
      PublisherStart<Integer> start = new PublisherStart<>(source);
      source.assertNoSubscribers();
      RecordingSink<Integer> sink = new RecordingSink<>();
      Runnable stop = start.start(sink);
      assertNotNull(stop);
      source.assertSubscribers(1);
      source.assertMinRequested(1).assertMaxRequested(1);
      source.next(1);
      source.assertMinRequested(1).assertMaxRequested(1); // asked for the next one only once 1 was handed over
      source.next(2, 3);
      assertEquals(List.of(1, 2, 3), sink.values);
    }

    @Test
    void eachStartSubscribesAnew() {
      TestPublisher<Integer> source = TestPublisher.create();
      PublisherStart<Integer> start = new PublisherStart<>(source);
      Runnable first = start.start(new RecordingSink<>());
      first.run();
      start.start(new RecordingSink<>());
      source.assertSubscribers(1);
      source.assertCancelled(1);
    }

    @Test
    void aSynchronousSourceDeliversAllItsValuesDuringStart() {
      RecordingSink<Integer> sink = new RecordingSink<>();
      new PublisherStart<>(Flux.range(1, 1000)).start(sink);
      assertEquals(1000, sink.values.size());
      assertEquals(1000, sink.values.getLast());
    }
  }

  @Nested
  class Stopping {
    @Test
    void stopCancelsTheSubscription() {
      TestPublisher<Integer> source = TestPublisher.create();
      Runnable stop = new PublisherStart<>(source).start(new RecordingSink<>());
      stop.run();
      source.assertCancelled();
      source.assertNoSubscribers();
    }

    @Test
    void stopBeforeTheSubscriptionArrivesCancelsItOnArrival() {
      AtomicReference<Subscriber<? super Integer>> subscriber = new AtomicReference<>();
      Runnable stop = new PublisherStart<Integer>(subscriber::set).start(new RecordingSink<>());
      stop.run();
      AtomicBoolean cancelled = new AtomicBoolean();
      subscriber.get().onSubscribe(new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {
          cancelled.set(true);
        }
      });
      assertTrue(cancelled.get());
    }

    @Test
    void aValueDeliveredAfterStopNeverReachesTheProducer() {
      TestPublisher<Integer> source =
          TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION, TestPublisher.Violation.REQUEST_OVERFLOW);
      RecordingSink<Integer> sink = new RecordingSink<>();
      Runnable stop = new PublisherStart<>(source).start(sink);
      source.next(1);
      stop.run();
      source.next(2);
      assertEquals(List.of(1), sink.values);
    }
  }

  @Nested
  class Terminating {
    @Test
    void onErrorBecomesTheProducersFailure() {
      TestPublisher<Integer> source = TestPublisher.create();
      RecordingSink<Integer> sink = new RecordingSink<>();
      new PublisherStart<>(source).start(sink);
      source.next(1);
      IllegalStateException failure = new IllegalStateException("feed down");
      source.error(failure);
      assertEquals(List.of(1), sink.values);
      assertEquals(1, sink.errors.size());
      assertSame(failure, sink.errors.getFirst());
    }

    @Test
    void onCompleteKeepsTheLastValue() {
      TestPublisher<Integer> source = TestPublisher.create();
      RecordingSink<Integer> sink = new RecordingSink<>();
      Runnable stop = new PublisherStart<>(source).start(sink);
      source.next(1, 2).complete();
      assertEquals(List.of(1, 2), sink.values);
      assertTrue(sink.errors.isEmpty());
      stop.run(); // stopping a completed source is harmless
      assertEquals(List.of(1, 2), sink.values);
    }

    @Test
    void aThrowingComputationDownstreamIsNotTheSourcesFailure() {
      TestPublisher<Integer> source = TestPublisher.create();
      RecordingSink<Integer> sink = new RecordingSink<>();
      sink.onValue(v -> {
        if (v == 1) {
          throw new IllegalStateException("an effect failed on " + v);
        }
      });
      new PublisherStart<>(source).start(sink);
      source.next(1);
      source.assertWasNotCancelled();
      source.next(2);
      assertEquals(List.of(1, 2), sink.values);
      assertTrue(sink.errors.isEmpty());
    }
  }

  @Nested
  class VirtualTime {
    @Test
    void aTimedSourceAdvancesWithTheVirtualClock() {
      VirtualTimeScheduler clock = VirtualTimeScheduler.create();
      RecordingSink<Long> sink = new RecordingSink<>();
      Runnable stop = new PublisherStart<>(Flux.interval(Duration.ofSeconds(1), clock)).start(sink);
      assertTrue(sink.values.isEmpty());
      clock.advanceTimeBy(Duration.ofSeconds(3));
      assertEquals(List.of(0L, 1L, 2L), sink.values);
      stop.run();
      clock.advanceTimeBy(Duration.ofSeconds(3));
      assertEquals(List.of(0L, 1L, 2L), sink.values);
    }
  }
}
