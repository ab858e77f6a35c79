package dev.weft.reactor;

import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ReactiveBus;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK rules for {@link ReactorBridge#toFlux(ReactiveBus, String)} on the local bus. A
 * publisher of {@code n} elements is the bus flux of a fresh scope into which {@code n} events are
 * emitted as soon as a subscriber has subscribed, after which the bus closes the scope (so the flux
 * completes after delivering them). Every signal the TCK sees comes from the bridge. Run by TestNG on
 * the JUnit Platform (testng-engine).
 */
public class BusFluxTckTest extends PublisherVerification<ChangeEvent> {
  private static final int MAX = 1024;

  public BusFluxTckTest() {
    super(new TestEnvironment(2_000, 300), 2_000);
  }

  @Override
  public Publisher<ChangeEvent> createPublisher(long elements) {
    ReactiveBus bus = ReactiveBus.builder().maxQueue(MAX).build();
    Flux<ChangeEvent> flux = ReactorBridge.toFlux(bus, "tck");
    return subscriber -> {
      flux.subscribe(subscriber); // opens the bus subscription synchronously
      for (long i = 0; i < elements; i++) {
        bus.emit(ChangeEvent.of("tck", "path" + i));
      }
      bus.close("tck");
    };
  }

  @Override
  public Publisher<ChangeEvent> createFailedPublisher() {
    ReactiveBus bus = ReactiveBus.create();
    bus.close(); // a closed bus refuses subscriptions
    return ReactorBridge.toFlux(bus, "tck");
  }

  @Override
  public long maxElementsFromPublisher() {
    return MAX;
  }
}
