package dev.weft.vertx;

import dev.weft.Producer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The source behind {@link VertxBridge#fromEventBus}: each start registers one EventBus consumer whose
 * message bodies become the producer's values; the returned stop function unregisters it.
 *
 * <p>Threads: {@link #start} on the thread that first reads the producer (under the graph's lock: it
 * only asks Vert.x to register, which does not block); the handler on the consumer's Vert.x context;
 * stop on the disposing thread. Each start has its own consumer and warning flag, nothing is shared
 * between starts.
 */
final class EventBusSource<T> implements Producer.Start<T> {
  private static final System.Logger LOG = System.getLogger(VertxBridge.class.getName());

  private final EventBus eventBus;
  private final String address;

  EventBusSource(EventBus eventBus, String address) {
    this.eventBus = eventBus;
    this.address = address;
  }

  @Override
  public @Nullable Runnable start(Consumer<? super T> setValue) {
    AtomicBoolean warnedNull = new AtomicBoolean();
    MessageConsumer<T> consumer = eventBus.consumer(address, message -> {
      T body = message.body();
      if (body != null) {
        setValue.accept(body);
      } else if (warnedNull.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "a message without body on EventBus address '" + address
            + "' was ignored: a producer's value cannot be null (logged once per start)");
      }
    });
    consumer.completion().onFailure(error -> {
      if (setValue instanceof Producer.Sink<?> sink) {
        sink.error(new IllegalStateException(
            "could not register an EventBus consumer on '" + address + "'; no values will arrive", error));
      }
    });
    return consumer::unregister;
  }

  @Override
  public String toString() {
    return "EventBus address '" + address + "'";
  }
}
