package dev.weft.reactor;

import dev.weft.Graph;
import dev.weft.Producer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK rules for {@link ReactorBridge#toFlux(dev.weft.ReadableSignal)} on a real
 * graph. The signal is a producer that, while watched, changes about every 50 microseconds on a
 * virtual thread, and stops when unwatched, so a cancelled {@code Flux} also stops its source. A
 * signal's {@code Flux} never completes, so {@link #maxElementsFromPublisher()} is {@code
 * Long.MAX_VALUE}: the TCK then skips only the rules that need an {@code onComplete} and runs every
 * other one. Run by TestNG on the JUnit Platform (testng-engine).
 */
public class SignalFluxTckTest extends PublisherVerification<Long> {
  private final Graph graph = Graph.create();

  public SignalFluxTckTest() {
    super(new TestEnvironment(2_000, 300), 2_000);
  }

  @AfterClass
  public void closeGraph() {
    graph.close();
  }

  @Override
  public Publisher<Long> createPublisher(long elements) {
    Producer<Long> ticking = graph.producer(0L, set -> {
      AtomicBoolean stopped = new AtomicBoolean();
      Thread.ofVirtual().name("tck-ticker").start(() -> {
        long i = 0;
        while (!stopped.get()) {
          set.accept(++i);
          LockSupport.parkNanos(50_000);
        }
      });
      return () -> stopped.set(true);
    }, Producer.Options.defaults().stopWhenUnwatched(true));
    return ReactorBridge.toFlux(ticking);
  }

  @Override
  public Publisher<Long> createFailedPublisher() {
    return ReactorBridge.toFlux(graph.derived(() -> {
      throw new IllegalStateException("the derived value's function failed");
    }));
  }

  @Override
  public long maxElementsFromPublisher() {
    return Long.MAX_VALUE;
  }
}
