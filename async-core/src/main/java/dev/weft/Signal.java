package dev.weft;

import java.util.function.UnaryOperator;

/**
 * A writable value: the source of every reactive graph.
 *
 * @param <T> the value type
 */
public interface Signal<T> extends ReadableSignal<T> {

  /**
   * Stores {@code value} and, if it differs from the current value by this signal's {@link Equality},
   * reruns the effects that depend on it (at once, or when the outermost batch ends).
   *
   * @return true when the value changed
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if called inside a derived function
   * @throws RuntimeException the first error thrown by an effect this write ran (others suppressed)
   */
  boolean set(T value);

  /**
   * Atomically replaces the value with {@code fn(current)}; the read of the current value is untracked.
   * Concurrent updates never lose each other.
   *
   * @return true when the value changed
   * @throws NullPointerException if {@code fn} or its result is null
   */
  boolean update(UnaryOperator<T> fn);

  /** Returns a view of this signal that cannot be written. */
  ReadableSignal<T> readOnly();
}
