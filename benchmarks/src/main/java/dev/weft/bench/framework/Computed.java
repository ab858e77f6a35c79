package dev.weft.bench.framework;

/**
 * A readable reactive value created by a {@link ReactiveFramework}: a source signal or a computed
 * value.
 *
 * @param <T> the value type
 */
public interface Computed<T> {

  /**
   * Reads the current value. Inside a computed function or an effect the read is tracked (where
   * the library tracks reads).
   *
   * @return the current value, never {@code null}
   */
  T read();
}
