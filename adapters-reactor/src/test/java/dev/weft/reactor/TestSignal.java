package dev.weft.reactor;

import dev.weft.ReadableSignal;
import dev.weft.Subscription;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A hand-made {@link ReadableSignal} for tests that must not depend on the graph kernel: it notifies
 * its consumers on the writing thread, without any lock, so concurrent writers call them concurrently
 * (the bridge must serialise). It counts its live subscriptions.
 */
final class TestSignal<T> implements ReadableSignal<T> {
  private final CopyOnWriteArrayList<Consumer<? super T>> consumers = new CopyOnWriteArrayList<>();
  private volatile T value;
  private volatile @Nullable RuntimeException subscribeFailure;

  TestSignal(T initial) {
    this.value = initial;
  }

  void set(T newValue) {
    value = newValue;
    for (Consumer<? super T> consumer : consumers) {
      consumer.accept(newValue);
    }
  }

  /** Makes every later {@link #subscribe} throw {@code failure}, like a derived value whose function throws. */
  void failSubscribesWith(RuntimeException failure) {
    this.subscribeFailure = failure;
  }

  int watchers() {
    return consumers.size();
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
    Objects.requireNonNull(consumer, "consumer");
    RuntimeException failure = subscribeFailure;
    if (failure != null) {
      throw failure;
    }
    consumers.add(consumer);
    consumer.accept(value);
    AtomicBoolean disposed = new AtomicBoolean();
    return new Subscription() {
      @Override
      public void dispose() {
        if (!disposed.getAndSet(true)) {
          consumers.remove(consumer);
        }
      }

      @Override
      public boolean isDisposed() {
        return disposed.get();
      }
    };
  }
}
