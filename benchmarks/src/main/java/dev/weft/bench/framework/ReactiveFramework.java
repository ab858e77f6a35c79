package dev.weft.bench.framework;

import java.util.function.Supplier;

/**
 * The one adapter interface every measured library implements, with the shape of the
 * js-reactivity-benchmark's {@code ReactiveFramework}: every scenario is written once against it.
 *
 * <p>Threading: an adapter instance, and every node it creates, is used by one thread at a time
 * (the benchmark thread). Adapters of libraries that are not thread-safe rely on that.
 */
public interface ReactiveFramework {

  /**
   * Returns the lowercase name used as the JMH {@code framework} parameter.
   *
   * @return the name, such as {@code weft} or {@code rxjava}
   */
  String name();

  /**
   * Creates a writable source signal.
   *
   * @param initial the initial value, never {@code null}
   * @param <T> the value type
   * @return the new signal
   */
  <T> Source<T> signal(T initial);

  /**
   * Creates a computed value: a function of other signals and computed values, cached, with an
   * equality cut-off where the library offers one.
   *
   * @param fn the function; it reads its dependencies through {@link Computed#read()}
   * @param <T> the value type
   * @return the new computed value
   */
  <T> Computed<T> computed(Supplier<T> fn);

  /**
   * Creates an effect: runs {@code fn} now and again after every change of what it read.
   *
   * @param fn the effect body
   */
  void effect(Runnable fn);

  /**
   * Runs {@code fn} as one batch: effects run once, after the outermost batch ends. A library
   * without batching runs {@code fn} as is (and its effects run once per write).
   *
   * @param fn the writes
   */
  void withBatch(Runnable fn);

  /**
   * Runs {@code fn} in a build scope; what it creates is disposed by the next {@link #cleanup()}.
   *
   * @param fn the graph construction
   * @param <T> the result type
   * @return what {@code fn} returned
   */
  <T> T withBuild(Supplier<T> fn);

  /** Disposes every effect and subscription created since the last cleanup. */
  void cleanup();

  /**
   * Tells whether computed values are lazy (pull): only then do the dynamic-graph scenarios check
   * the number of computed runs on partially read graphs, as the js-reactivity-benchmark does.
   *
   * @return {@code true} for pull-based libraries
   */
  boolean pullComputeds();
}
