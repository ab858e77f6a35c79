package dev.weft;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A value computed by a body that may block (I/O, {@code Future.get()}, sleeping), run through a
 * {@link TaskFactory}, on a virtual thread by default. Every read in the body is tracked, before and
 * after blocking calls. Lazy: nothing runs until the first {@link #await()}, {@link #toFuture()} or
 * {@link #state()} read by a watching effect.
 *
 * <p>A change to something a run has read supersedes that run: its result is never published, it is
 * interrupted where the factory owns its threads, and its further tracked reads throw {@link
 * java.util.concurrent.CancellationException}, so a body never combines values from before and after
 * one write or batch.
 *
 * @param <T> the value type
 */
public interface AsyncDerived<T> extends Disposable {

  /**
   * Returns a fresh value, starting a run if none is in flight and waiting for it; concurrent awaiters
   * share one run. Tracked: an effect or async body that awaits depends on this node.
   *
   * @throws RuntimeException the body's unchecked failure, as it was thrown
   * @throws java.util.concurrent.CompletionException wrapping the body's checked failure
   * @throws java.util.concurrent.CancellationException if the waiting thread is interrupted (its
   *     interrupt status is kept) or the node is disposed
   * @throws IllegalStateException if called inside a sync derived or effect of the same graph while
   *     a run would have to happen on another thread (it would block the graph); read {@link #state()}
   */
  T await();

  /** Returns a future completing with the next fresh value (or failure); starts a run if needed. */
  CompletableFuture<T> toFuture();

  /** Returns the current state; tracked, never blocks, never starts a run by itself. */
  AsyncState<T> state();

  /** Marks the value stale: a run in flight is superseded, and the next demand reruns the body. */
  void invalidate();

  /** Options for creating an async derived value. Immutable: each wither returns a copy. */
  final class Options {
    private static final Options DEFAULTS = new Options(null, null, Equality.equals());

    private final @Nullable TaskFactory taskFactory;
    private final @Nullable String name;
    private final Equality<Object> equality;

    private Options(@Nullable TaskFactory taskFactory, @Nullable String name, Equality<Object> equality) {
      this.taskFactory = taskFactory;
      this.name = name;
      this.equality = equality;
    }

    /** The graph's task factory, unnamed, {@link Equality#equals()}. */
    public static Options defaults() {
      return DEFAULTS;
    }

    /** Runs go through {@code f} instead of the graph's factory. */
    public Options taskFactory(TaskFactory f) {
      return new Options(Objects.requireNonNull(f, "taskFactory"), name, equality);
    }

    /** Names the node in errors and thread names. */
    public Options name(String n) {
      return new Options(taskFactory, Objects.requireNonNull(n, "name"), equality);
    }

    /** A run whose value equals the published one by {@code e} notifies nobody. */
    @SuppressWarnings("unchecked")
    public Options equality(Equality<?> e) {
      return new Options(taskFactory, name, (Equality<Object>) Objects.requireNonNull(e, "equality"));
    }

    /** Returns the task factory, if one was given. */
    public Optional<TaskFactory> taskFactory() {
      return Optional.ofNullable(taskFactory);
    }

    /** Returns the name, if one was given. */
    public Optional<String> name() {
      return Optional.ofNullable(name);
    }

    /** Returns the equality. */
    public Equality<Object> equality() {
      return equality;
    }
  }
}
