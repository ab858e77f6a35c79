package dev.weft.reactor;

import dev.weft.ReadableSignal;
import dev.weft.Subscription;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;

/**
 * The Reactive Streams TCK rules for {@link ReactorBridge#toFlux(ReadableSignal)}. A signal's {@code
 * Flux} never completes, so {@link #maxElementsFromPublisher()} is {@code Long.MAX_VALUE}: the TCK then
 * skips only the rules that need an {@code onComplete} and runs every other one. Run by TestNG on the
 * JUnit Platform (testng-engine).
 */
public class SignalFluxTckTest extends PublisherVerification<Long> {

  public SignalFluxTckTest() {
    super(new TestEnvironment(2_000, 300), 2_000);
  }

  @Override
  public Publisher<Long> createPublisher(long elements) {
    return ReactorBridge.toFlux(new TickingSignal());
  }

  @Override
  public Publisher<Long> createFailedPublisher() {
    return ReactorBridge.toFlux(new ReadableSignal<Long>() {
      @Override
      public Long get() {
        throw new IllegalStateException("the derived value's function failed");
      }

      @Override
      public Long peek() {
        return get();
      }

      @Override
      public Subscription subscribe(Consumer<? super Long> consumer) {
        consumer.accept(get());
        throw new AssertionError("unreachable");
      }
    });
  }

  @Override
  public long maxElementsFromPublisher() {
    return Long.MAX_VALUE;
  }
}
