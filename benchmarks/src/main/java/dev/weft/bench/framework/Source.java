package dev.weft.bench.framework;

/**
 * A writable source signal created by {@link ReactiveFramework#signal(Object)}.
 *
 * @param <T> the value type
 */
public interface Source<T> extends Computed<T> {

  /**
   * Writes a new value. A write of a value equal to the current one notifies nobody. Scenarios
   * always write inside {@link ReactiveFramework#withBatch(Runnable)}.
   *
   * @param value the new value, never {@code null}
   */
  void write(T value);
}
