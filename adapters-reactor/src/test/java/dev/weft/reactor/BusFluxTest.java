package dev.weft.reactor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ReactiveBus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** {@link ReactorBridge#toFlux(ReactiveBus, String)} against the local bus. */
class BusFluxTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ReactiveBus bus(int maxQueue) {
    return ReactiveBus.builder().maxQueue(maxQueue).build();
  }

  private static ChangeEvent event(String scope, String path) {
    return ChangeEvent.of(scope, path);
  }

  @Nested
  class Events {
    @Test
    void deliversTheEventsOfItsScopeOnly() {
      ReactiveBus bus = bus(16);
      StepVerifier.create(ReactorBridge.toFlux(bus, "room"))
          .then(() -> {
            bus.emit(event("room", "a"));
            bus.emit(event("other", "x"));
            bus.emit(event("room", "b"));
          })
          .expectNext(event("room", "a"), event("room", "b"))
          .thenCancel()
          .verify(WAIT);
    }

    @Test
    void subscribesOnlyWhenSubscribedOncePerSubscriber() {
      ReactiveBus bus = bus(16);
      Flux<ChangeEvent> flux = ReactorBridge.toFlux(bus, "room");
      assertEquals(0, bus.subscriberCount());
      StepVerifier.create(flux)
          .then(() -> assertEquals(1, bus.subscriberCount()))
          .then(() -> StepVerifier.create(flux)
              .then(() -> assertEquals(2, bus.subscriberCount()))
              .thenCancel()
              .verify(WAIT))
          .thenCancel()
          .verify(WAIT);
      assertEquals(0, bus.subscriberCount());
    }

    @Test
    void completesWhenTheBusClosesTheScopeAfterTheQueuedEvents() {
      ReactiveBus bus = bus(16);
      StepVerifier.create(ReactorBridge.toFlux(bus, "room"), 0)
          .then(() -> {
            bus.emit(event("room", "a"));
            bus.emit(event("room", "b"));
            bus.close("room");
          })
          .thenRequest(10)
          .expectNext(event("room", "a"), event("room", "b"))
          .verifyComplete();
    }

    @Test
    void completesWhenTheBusCloses() {
      ReactiveBus bus = bus(16);
      StepVerifier.create(ReactorBridge.toFlux(bus, "room"))
          .then(() -> await().atMost(WAIT).until(() -> bus.subscriberCount() == 1))
          .then(bus::close)
          .verifyComplete();
    }

    @Test
    void failsWhenTheBusRefusesTheSubscription() {
      ReactiveBus bus = bus(16);
      bus.close();
      StepVerifier.create(ReactorBridge.toFlux(bus, "room"))
          .expectError(IllegalStateException.class)
          .verify(WAIT);
    }

    @Test
    void nullArgumentsAreRejectedNamingTheParameter() {
      ReactiveBus bus = bus(1);
      assertEquals("bus", assertThrows(NullPointerException.class, () -> ReactorBridge.toFlux(null, "s")).getMessage());
      assertEquals("scope", assertThrows(NullPointerException.class, () -> ReactorBridge.toFlux(bus, null)).getMessage());
    }
  }

  @Nested
  class Backpressure {
    @Test
    void readsFromTheBusOnlyOnDemandSoTheBusQueueBoundsASlowSubscriber() {
      ReactiveBus bus = bus(2);
      StepVerifier.create(ReactorBridge.toFlux(bus, "room"), 1)
          .then(() -> bus.emit(event("room", "1")))
          .expectNext(event("room", "1"))
          .then(() -> {
            for (int i = 2; i <= 6; i++) {
              bus.emit(event("room", String.valueOf(i)));
            }
          })
          .expectNoEvent(Duration.ofMillis(50))
          .then(() -> assertEquals(3, bus.droppedCount(), "events beyond the bus queue are the bus's drops"))
          .thenRequest(10)
          .expectNext(event("room", "2"), event("room", "3"))
          .thenCancel()
          .verify(WAIT);
    }
  }

  @Nested
  class Threads {
    @Test
    void eventsAreReadOnAVirtualThreadNotOnAReactorThread() {
      ReactiveBus bus = bus(16);
      AtomicReference<Thread> deliveredOn = new AtomicReference<>();
      // the subscriber requests from a Reactor parallel thread; the read must not happen there
      StepVerifier.create(ReactorBridge.toFlux(bus, "room")
              .subscribeOn(Schedulers.parallel())
              .doOnNext(e -> deliveredOn.set(Thread.currentThread())))
          .then(() -> await().atMost(WAIT).until(() -> bus.subscriberCount() == 1))
          .then(() -> bus.emit(event("room", "a")))
          .expectNext(event("room", "a"))
          .thenCancel()
          .verify(WAIT);
      assertTrue(deliveredOn.get().isVirtual(), deliveredOn.get().toString());
      assertTrue(deliveredOn.get().getName().startsWith("weft-reactor-bus-room-"), deliveredOn.get().getName());
    }

    @Test
    void cancellingClosesTheSubscriptionAndEndsTheReadingThread() throws InterruptedException {
      ReactiveBus bus = bus(16);
      AtomicReference<Thread> reader = new AtomicReference<>();
      StepVerifier.create(ReactorBridge.toFlux(bus, "room").doOnNext(e -> reader.set(Thread.currentThread())))
          .then(() -> bus.emit(event("room", "a")))
          .expectNext(event("room", "a"))
          .thenCancel() // the reader is now blocked waiting for the next event
          .verify(WAIT);
      assertEquals(0, bus.subscriberCount());
      assertTrue(reader.get().join(WAIT), "the reading thread " + reader.get() + " is still alive");
    }

    @Test
    void cancellingWithoutDemandClosesTheSubscriptionWithoutReading() {
      ReactiveBus bus = bus(16);
      StepVerifier.create(ReactorBridge.toFlux(bus, "room"), 0)
          .then(() -> bus.emit(event("room", "a")))
          .expectNoEvent(Duration.ofMillis(20))
          .thenCancel()
          .verify(WAIT);
      assertEquals(0, bus.subscriberCount());
    }
  }
}
