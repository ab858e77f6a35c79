package dev.weft.reactor;

import dev.weft.Producer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * The {@link Producer.Start} of {@link ReactorBridge#fromPublisher}: each start subscribes anew to the
 * publisher, and the returned stop function cancels that subscription. Stateless; each start's state
 * lives in its own {@link PublisherSubscriber}.
 */
final class PublisherStart<T> implements Producer.Start<T> {
  private final Publisher<? extends T> source;

  PublisherStart(Publisher<? extends T> source) {
    this.source = source;
  }

  @Override
  public @Nullable Runnable start(Consumer<? super T> setValue) {
    PublisherSubscriber<T> subscriber = new PublisherSubscriber<>(source, setValue);
    try {
      source.subscribe(subscriber);
    } catch (RuntimeException e) {
      // a publisher must not throw from subscribe (Reactive Streams §1.9); treat it as its failure
      subscriber.onError(e);
    }
    return subscriber::dispose;
  }

  @Override
  public String toString() {
    return "ReactorBridge.fromPublisher(" + source + ")";
  }
}
