package dev.weft;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A reactive value fed by an external push source (timer, socket, queue, file watch). The source is
 * started lazily, on the first {@link #get()} or {@link #subscribe}, never on {@link #peek()} or at
 * creation, and exactly once until {@link #dispose()}, however many threads read at once.
 *
 * @param <T> the value type
 */
public interface Producer<T> extends ReadableSignal<T>, Disposable {

  /** Starts the external source; may return a stop function. */
  @FunctionalInterface
  interface Start<T> {
    /**
     * Starts pushing values through {@code setValue}, which may be called from any thread, now or
     * later; equal values are skipped. {@code setValue} is always a {@link Sink}, so a source can
     * also report a failure.
     *
     * @return a function that stops the source, or null if there is nothing to stop
     */
    @Nullable Runnable start(Consumer<? super T> setValue);
  }

  /**
   * The consumer handed to {@link Start#start}: besides values, it accepts a failure of the source,
   * which readers then get rethrown (like a derived value's cached exception) until the next value.
   * Callable from any thread; calls after the producer stopped are ignored.
   */
  interface Sink<T> extends Consumer<T> {
    /** Publishes {@code value}; an equal value is skipped. */
    @Override
    void accept(T value);

    /** Publishes a failure: {@code get()} rethrows it until the next value. */
    void error(Throwable error);
  }

  /** Returns whether the source is running now. */
  boolean isStarted();

  /**
   * Stops the source (running the stop function once) and returns it to the not-started state; a later
   * {@code get()} or {@code subscribe} starts it again. Idempotent.
   */
  @Override
  void dispose();

  /**
   * Returns whether the producer is stopped. A stopped producer restarts on the next read, so this is
   * the same as {@code !isStarted()}.
   */
  @Override
  boolean isDisposed();

  /** Options for creating a producer. Immutable: each wither returns a copy. */
  final class Options {
    private static final Options DEFAULTS = new Options(false, null, Equality.equals());

    private final boolean stopWhenUnwatched;
    private final @Nullable String name;
    private final Equality<Object> equality;

    private Options(boolean stopWhenUnwatched, @Nullable String name, Equality<Object> equality) {
      this.stopWhenUnwatched = stopWhenUnwatched;
      this.name = name;
      this.equality = equality;
    }

    /** Keeps running until disposed, unnamed, {@link Equality#equals()}. */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * When true, the source stops as soon as the last watcher (effect, subscription or watched derived)
     * goes away, and starts again on the next watcher or read.
     */
    public Options stopWhenUnwatched(boolean b) {
      return new Options(b, name, equality);
    }

    /** Names the producer in errors. */
    public Options name(String n) {
      return new Options(stopWhenUnwatched, java.util.Objects.requireNonNull(n, "name"), equality);
    }

    /** Values equal by {@code e} to the current one are skipped. */
    @SuppressWarnings("unchecked")
    public Options equality(Equality<?> e) {
      return new Options(stopWhenUnwatched, name,
          (Equality<Object>) java.util.Objects.requireNonNull(e, "equality"));
    }

    /** Returns whether the source stops when unwatched. */
    public boolean stopWhenUnwatched() {
      return stopWhenUnwatched;
    }

    /** Returns the name, if one was given. */
    public java.util.Optional<String> name() {
      return java.util.Optional.ofNullable(name);
    }

    /** Returns the equality. */
    public Equality<Object> equality() {
      return equality;
    }
  }
}
