package dev.weft.reactor;

import dev.weft.Producer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A {@link Producer.Sink} that records what a producer's source pushed, optionally throwing on a value. */
final class RecordingSink<T> implements Producer.Sink<T> {
  final List<T> values = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private volatile @Nullable Consumer<T> onValue;

  /** Runs {@code action} after recording each value (e.g. to throw like a failing effect would). */
  void onValue(Consumer<T> action) {
    this.onValue = action;
  }

  @Override
  public void accept(T value) {
    values.add(value);
    Consumer<T> action = onValue;
    if (action != null) {
      action.accept(value);
    }
  }

  @Override
  public void error(Throwable error) {
    errors.add(error);
  }
}
