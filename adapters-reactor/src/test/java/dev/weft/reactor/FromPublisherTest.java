package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Effect;
import dev.weft.Graph;
import dev.weft.Producer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@link ReactorBridge#fromPublisher} as a producer of a real graph. */
class FromPublisherTest {
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
  class Starting {
    @Test
    void subscribesOnTheFirstReadNotAtCreationNorOnPeek() {
      TestPublisher<Integer> source = TestPublisher.create();
      Producer<Integer> producer = ReactorBridge.fromPublisher(graph, source, 0);
      assertEquals(0, producer.peek());
      source.assertNoSubscribers();
      assertFalse(producer.isStarted());
      assertEquals(0, producer.get());
      source.assertSubscribers(1);
      assertTrue(producer.isStarted());
      source.next(7);
      assertEquals(7, producer.get());
      source.assertSubscribers(1); // once, however often it is read
    }

    @Test
    void aSynchronousPublisherHasDeliveredByTheTimeTheFirstReadReturns() {
      Producer<String> producer = ReactorBridge.fromPublisher(graph, Flux.just("a", "b", "c"), "none");
      assertEquals("c", producer.get());
    }

    @Test
    void effectsSeeEachValue() {
      TestPublisher<Integer> source = TestPublisher.create();
      Producer<Integer> producer = ReactorBridge.fromPublisher(graph, source, 0);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      graph.effect(() -> seen.add(producer.get()));
      source.next(1, 1, 2); // the repeated 1 is equal: skipped
      assertEquals(List.of(0, 1, 2), seen);
    }

    @Test
    void theGlobalGraphOverloadsCreateAProducerToo() {
      Producer<Integer> producer = ReactorBridge.fromPublisher(Flux.just(1, 2), 0);
      try {
        assertEquals(2, producer.get());
      } finally {
        producer.dispose();
      }
      Producer<Integer> stopping =
          ReactorBridge.fromPublisher(Flux.just(3), 0, Producer.Options.defaults().stopWhenUnwatched(true));
      try {
        assertEquals(3, stopping.get());
      } finally {
        stopping.dispose();
      }
    }

    @Test
    void nullArgumentsAreRejectedNamingTheParameter() {
      Flux<Integer> source = Flux.just(1);
      assertEquals("graph", assertThrows(NullPointerException.class,
          () -> ReactorBridge.fromPublisher(null, source, 0)).getMessage());
      assertEquals("source", assertThrows(NullPointerException.class,
          () -> ReactorBridge.fromPublisher(graph, null, 0)).getMessage());
      assertEquals("initial", assertThrows(NullPointerException.class,
          () -> ReactorBridge.fromPublisher(graph, source, null)).getMessage());
      assertEquals("options", assertThrows(NullPointerException.class,
          () -> ReactorBridge.fromPublisher(graph, source, 0, null)).getMessage());
    }
  }

  @Nested
  class Stopping {
    @Test
    void disposeCancelsAndALaterReadSubscribesAgain() {
      TestPublisher<Integer> source = TestPublisher.create();
      Producer<Integer> producer = ReactorBridge.fromPublisher(graph, source, 0);
      producer.get();
      source.next(1);
      producer.dispose();
      source.assertCancelled(1);
      source.assertNoSubscribers();
      assertFalse(producer.isStarted());
      producer.get();
      source.assertSubscribers(1);
    }

    @Test
    void closingTheGraphCancels() {
      TestPublisher<Integer> source = TestPublisher.create();
      Producer<Integer> producer = ReactorBridge.fromPublisher(graph, source, 0);
      producer.get();
      graph.close();
      source.assertCancelled(1);
    }

    @Test
    void withStopWhenUnwatchedTheLastWatcherLeavingCancels() {
      TestPublisher<Integer> source = TestPublisher.create();
      Producer<Integer> producer = ReactorBridge.fromPublisher(
          graph, source, 0, Producer.Options.defaults().stopWhenUnwatched(true));
      Effect first = graph.effect(producer::get);
      Effect second = graph.effect(producer::get);
      source.assertSubscribers(1);
      first.dispose();
      source.assertWasNotCancelled();
      second.dispose();
      source.assertCancelled(1);
      graph.effect(producer::get);
      source.assertSubscribers(1); // a new watcher subscribes again
    }

    @Test
    void withoutTheOptionTheSourceOutlivesItsWatchers() {
      TestPublisher<Integer> source = TestPublisher.create();
      Producer<Integer> producer = ReactorBridge.fromPublisher(graph, source, 0);
      graph.effect(producer::get).dispose();
      source.assertWasNotCancelled();
      source.assertSubscribers(1);
    }
  }

  @Nested
  class Terminating {
    @Test
    void onErrorIsRethrownToReadersUntilTheNextValue() {
      TestPublisher<Integer> failing = TestPublisher.create();
      TestPublisher<Integer> healthy = TestPublisher.create();
      AtomicInteger subscriptions = new AtomicInteger();
      Flux<Integer> source = Flux.defer(() -> subscriptions.incrementAndGet() == 1 ? failing : healthy);
      Producer<Integer> producer = ReactorBridge.fromPublisher(graph, source, 0);
      producer.get();
      IllegalStateException failure = new IllegalStateException("feed down");
      failing.error(failure);
      assertSame(failure, assertThrows(IllegalStateException.class, producer::get));
      assertSame(failure, assertThrows(IllegalStateException.class, producer::get));
      producer.dispose();
      // a read restarts it (subscribes again); the failure stays until the new subscription delivers
      assertSame(failure, assertThrows(IllegalStateException.class, producer::get));
      healthy.assertSubscribers(1);
      healthy.next(4);
      assertEquals(4, producer.get());
    }

    @Test
    void onCompleteKeepsTheLastValue() {
      Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
      Producer<Integer> producer = ReactorBridge.fromPublisher(graph, sink.asFlux(), 0);
      producer.get();
      sink.tryEmitNext(5);
      sink.tryEmitComplete();
      assertEquals(5, producer.get());
      assertTrue(producer.isStarted());
    }
  }

  @Nested
  class RoundTrip {
    @Test
    void aPublisherThroughAProducerBackToAFluxKeepsLatestWins() {
      TestPublisher<Integer> source = TestPublisher.create();
      Producer<Integer> producer = ReactorBridge.fromPublisher(
          graph, source, 0, Producer.Options.defaults().stopWhenUnwatched(true));
      StepVerifier.create(ReactorBridge.toFlux(producer), 1)
          .expectNext(0)
          .then(() -> source.next(1, 2, 3))
          .thenRequest(1)
          .expectNext(3)
          .thenCancel()
          .verify(WAIT);
      source.assertCancelled(1); // the Flux was the only watcher
    }
  }

  @Nested
  class VirtualTime {
    @Test
    void anIntervalAdvancesWithTheVirtualClock() {
      VirtualTimeScheduler clock = VirtualTimeScheduler.create();
      Producer<Long> ticks = ReactorBridge.fromPublisher(graph, Flux.interval(Duration.ofSeconds(1), clock), -1L);
      List<Long> seen = new CopyOnWriteArrayList<>();
      graph.effect(() -> seen.add(ticks.get()));
      clock.advanceTimeBy(Duration.ofSeconds(3));
      assertEquals(List.of(-1L, 0L, 1L, 2L), seen);
      ticks.dispose();
      clock.advanceTimeBy(Duration.ofSeconds(3));
      assertEquals(List.of(-1L, 0L, 1L, 2L), seen);
    }
  }
}
