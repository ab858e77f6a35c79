package dev.weft.reactor;

import dev.weft.ReadableSignal;
import dev.weft.Subscription;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A {@link ReadableSignal} that, once watched, changes by itself about every 50 microseconds on a
 * virtual thread of each subscription, until that subscription is disposed: an endless source for the
 * Reactive Streams TCK, independent of the graph kernel.
 */
final class TickingSignal implements ReadableSignal<Long> {
  private final AtomicLong value = new AtomicLong();

  @Override
  public Long get() {
    return value.get();
  }

  @Override
  public Long peek() {
    return value.get();
  }

  @Override
  public Subscription subscribe(Consumer<? super Long> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    AtomicBoolean disposed = new AtomicBoolean();
    consumer.accept(value.get());
    Thread.ofVirtual().name("ticking-signal").start(() -> {
      while (!disposed.get()) {
        consumer.accept(value.incrementAndGet());
        LockSupport.parkNanos(50_000);
      }
    });
    return new Subscription() {
      @Override
      public void dispose() {
        disposed.set(true);
      }

      @Override
      public boolean isDisposed() {
        return disposed.get();
      }
    };
  }
}
