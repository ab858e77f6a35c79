package dev.weft.reactor;

import dev.weft.Producer;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Feeds one subscription to a {@link Publisher} into a producer's {@code setValue}: the subscriber of
 * {@link ReactorBridge#fromPublisher}. It requests one value at a time, the next once the previous
 * has been handed to the graph, so a fast source is paced by the graph's propagation and nothing is
 * buffered on either side.
 *
 * <p>Threads: the {@code on*} signals arrive serially on the publisher's threads (Reactive Streams
 * §1.3); {@link #dispose()} comes from whichever thread stops the producer. {@link BaseSubscriber}
 * makes cancel-before-{@code onSubscribe} and cancel-during-{@code onNext} safe; after disposal no
 * value reaches the producer, even if a publisher delivers one late.
 */
final class PublisherSubscriber<T> extends BaseSubscriber<T> {
  private static final System.Logger LOG = System.getLogger(PublisherSubscriber.class.getName());

  private final Publisher<? extends T> source;
  private final Consumer<? super T> setValue;

  PublisherSubscriber(Publisher<? extends T> source, Consumer<? super T> setValue) {
    this.source = source;
    this.setValue = setValue;
  }

  @Override
  protected void hookOnSubscribe(Subscription subscription) {
    subscription.request(1);
  }

  @Override
  protected void hookOnNext(T value) {
    if (isDisposed()) {
      return; // a late value after the producer stopped
    }
    try {
      setValue.accept(value);
    } catch (RuntimeException e) {
      // The value is stored; what threw is a computation downstream of the producer (an effect),
      // which is not the source's failure: keep the subscription and report it.
      LOG.log(Level.WARNING, () -> "A computation downstream of the producer fed by " + source
          + " threw while a value was propagated; the producer keeps running", e);
    }
    request(1);
  }

  @Override
  protected void hookOnError(Throwable error) {
    if (setValue instanceof Producer.Sink<?> sink) {
      sink.error(error);
    } else {
      LOG.log(Level.WARNING, () -> "The publisher " + source + " failed; the producer keeps its last value"
          + " because its setValue is not a Producer.Sink", error);
    }
  }

  @Override
  protected void hookOnComplete() {
    // nothing: the producer keeps the last value
  }

  @Override
  public String toString() {
    return "ReactorBridge.fromPublisher(" + source + ")";
  }
}
