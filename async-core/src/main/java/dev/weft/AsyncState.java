package dev.weft;

import java.util.Objects;
import java.util.Optional;

/**
 * The observable state of an {@link AsyncDerived}: read it with {@link AsyncDerived#state()} to render
 * "loading" with the last value, without blocking.
 *
 * @param <T> the value type
 */
public sealed interface AsyncState<T> {

  /** Nothing has asked for the value yet. */
  record Idle<T>() implements AsyncState<T> {}

  /** A run is in flight; {@code previous} is the last published value, if any. */
  record Loading<T>(Optional<T> previous) implements AsyncState<T> {
    public Loading {
      Objects.requireNonNull(previous, "previous");
    }
  }

  /** The last run published {@code value}, and no source changed since. */
  record Ready<T>(T value) implements AsyncState<T> {
    public Ready {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The last run failed with {@code error}; {@code previous} is the last published value, if any. */
  record Failed<T>(Throwable error, Optional<T> previous) implements AsyncState<T> {
    public Failed {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(previous, "previous");
    }
  }
}
