package dev.weft;

import java.util.function.Consumer;

/** A read-only view of a signal: {@link Signal#readOnly()}. Stateless beyond its target. */
final class ReadOnlySignal<T> implements ReadableSignal<T> {
  private final ReadableSignal<T> target;

  ReadOnlySignal(ReadableSignal<T> target) {
    this.target = target;
  }

  @Override
  public T get() {
    return target.get();
  }

  @Override
  public T peek() {
    return target.peek();
  }

  @Override
  public Subscription subscribe(Consumer<? super T> consumer) {
    return target.subscribe(consumer);
  }

  @Override
  public String toString() {
    return "ReadOnly" + target;
  }
}
