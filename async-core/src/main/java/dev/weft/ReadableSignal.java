package dev.weft;

import java.util.function.Consumer;

/**
 * A value that can be read and watched.
 *
 * @param <T> the value type
 */
public interface ReadableSignal<T> {

  /**
   * Returns the current value. Inside a derived function or an effect body (sync or async) of the
   * same graph, the read is tracked: the computation reruns when this value changes.
   *
   * @throws RuntimeException the cached failure of a derived value whose function threw
   * @throws CycleException if a derived value reads itself
   */
  T get();

  /** Returns the current value without tracking it. */
  T peek();

  /**
   * Calls {@code consumer} now with the current value, then once with each new value, on the thread
   * that made the change, until the returned subscription is disposed.
   *
   * @throws NullPointerException if {@code consumer} is null
   */
  Subscription subscribe(Consumer<? super T> consumer);
}
