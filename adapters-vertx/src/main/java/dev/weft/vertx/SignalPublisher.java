package dev.weft.vertx;

import io.vertx.core.eventbus.EventBus;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The consumer behind {@link VertxBridge#publish}: publishes each value to an EventBus address.
 *
 * <p>Threads: {@link #accept} on whatever thread changes the signal (several at once is fine: {@code
 * EventBus.publish} is thread-safe); the fields are volatile. A failure while subscribing (the current
 * value) is kept for {@link VertxBridge#publish} to throw; later failures are logged once.
 */
final class SignalPublisher implements Consumer<Object> {
  private final EventBus eventBus;
  private final String address;
  private volatile boolean started;
  private volatile boolean warned;
  private volatile @Nullable RuntimeException firstFailure;

  SignalPublisher(EventBus eventBus, String address) {
    this.eventBus = eventBus;
    this.address = address;
  }

  @Override
  public void accept(Object value) {
    try {
      eventBus.publish(address, value);
    } catch (RuntimeException e) {
      if (!started) {
        if (firstFailure == null) {
          firstFailure = e;
        }
      } else if (!warned) {
        warned = true;
        VertxBridge.logSkipped(address, value, e);
      }
    }
  }

  /** The failure of publishing the current value while subscribing, if any. */
  @Nullable RuntimeException firstFailure() {
    return firstFailure;
  }

  /** Subscribing is over: later failures are logged, not kept. */
  void started() {
    started = true;
  }
}
