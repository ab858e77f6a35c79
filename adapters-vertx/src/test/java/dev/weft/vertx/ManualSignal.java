package dev.weft.vertx;

import dev.weft.ReadableSignal;
import dev.weft.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A hand-driven {@link ReadableSignal} for bridge tests that must not depend on the graph kernel:
 * {@link #set} notifies the subscribers on the calling thread, as the kernel does.
 */
final class ManualSignal<T> implements ReadableSignal<T> {
  private final List<Consumer<? super T>> subscribers = new CopyOnWriteArrayList<>();
  private volatile T value;

  ManualSignal(T initial) {
    this.value = initial;
  }

  void set(T newValue) {
    value = newValue;
    subscribers.forEach(s -> s.accept(newValue));
  }

  int subscriberCount() {
    return subscribers.size();
  }

  @Override
  public T get() {
    return value;
  }

  @Override
  public T peek() {
    return value;
  }

  @Override
  public Subscription subscribe(Consumer<? super T> consumer) {
    subscribers.add(consumer);
    consumer.accept(value);
    return new Subscription() {
      private volatile boolean disposed;

      @Override
      public void dispose() {
        disposed = true;
        subscribers.remove(consumer);
      }

      @Override
      public boolean isDisposed() {
        return disposed;
      }
    };
  }

  @Override
  public String toString() {
    return "ManualSignal[" + value + "]";
  }
}
