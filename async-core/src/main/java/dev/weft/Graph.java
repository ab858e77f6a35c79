package dev.weft;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An isolated reactive graph: its own tracking, batching, scheduling ({@link TaskFactory}) and error
 * handling ({@link ErrorHandler}). A computation of one graph never subscribes to a source of another:
 * reading another graph's value inside a computation is an untracked read.
 *
 * <h2>Concurrency</h2>
 * Every method is safe from any thread, platform or virtual. Each graph has one lock, its consistency
 * domain: writes, derived recomputations and sync effect runs of one graph are serialised, so a
 * computation always sees one consistent state, whatever other threads write meanwhile. Reads of
 * values that are already fresh take no lock. Sync effects run on the thread whose write (or
 * outermost {@link #batch}) made them stale, before that write returns. Async bodies run on their
 * task factory's threads and take the lock only briefly, to track each read. No lock of this graph is
 * held while code of another graph runs: writes to another graph from inside this graph's
 * computations are applied once this graph's lock is released. See {@code async-core/KERNEL.md}.
 */
public final class Graph implements AutoCloseable {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  final Kernel kernel;
  private final boolean global;

  private Graph(Kernel kernel, boolean global) {
    this.kernel = kernel;
    this.global = global;
  }

  private static final class GlobalHolder {
    static final Graph GLOBAL =
        new Graph(new Kernel("global", TaskFactory.virtualThreads(), null), true);
  }

  /** The process-wide graph behind {@link Weft}'s static methods. */
  public static Graph global() {
    return GlobalHolder.GLOBAL;
  }

  /** A new isolated graph with default settings (virtual threads, logging error handler). */
  public static Graph create() {
    return builder().build();
  }

  /** A builder for an isolated graph. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns this graph's name (for messages and thread names). */
  public String name() {
    return kernel.name;
  }

  /** Returns the task factory async nodes use unless their options name another. */
  public TaskFactory taskFactory() {
    return kernel.taskFactory;
  }

  // ---------------------------------------------------------------------------------------------
  // Signals, derived values, effects

  /**
   * A writable signal compared by {@link Equality#equals()}.
   *
   * @throws NullPointerException if {@code initial} is null
   */
  public <T> Signal<T> signal(T initial) {
    return signal(initial, Equality.equals());
  }

  /**
   * A writable signal; a write equal to the current value by {@code equality} notifies nobody.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> Signal<T> signal(T initial, Equality<? super T> equality) {
    kernel.checkOpen();
    return new SignalNode<>(kernel, initial, equality);
  }

  /**
   * A lazy, cached derived value with equality cut-off ({@link Equality#equals()}): recomputed only
   * when read after a source changed; a recomputation to an equal value reruns nothing downstream.
   * The function must not write signals and must not return null.
   *
   * @throws NullPointerException if {@code fn} is null
   */
  public <T> Derived<T> derived(Supplier<? extends T> fn) {
    return derived(fn, Equality.equals());
  }

  /**
   * A lazy, cached derived value compared by {@code equality}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> Derived<T> derived(Supplier<? extends T> fn, Equality<? super T> equality) {
    kernel.checkOpen();
    return new DerivedNode<>(kernel, fn, Objects.requireNonNull(equality, "equality"), null);
  }

  /**
   * A named derived value: the name appears in error messages.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> Derived<T> derived(String name, Supplier<? extends T> fn) {
    kernel.checkOpen();
    return new DerivedNode<>(kernel, fn, Equality.equals(), Objects.requireNonNull(name, "name"));
  }

  /**
   * A lazy, cached derived value without cut-off: every recomputation notifies its dependents.
   *
   * @throws NullPointerException if {@code fn} is null
   */
  public <T> Derived<T> memoized(Supplier<? extends T> fn) {
    return derived(fn, Equality.never());
  }

  /**
   * An effect that runs {@code body} now and again after anything it read changes.
   *
   * @throws NullPointerException if {@code body} is null
   * @throws RuntimeException what the first run threw (the effect stays alive and will rerun)
   */
  public Effect effect(Runnable body) {
    return effect(body, Effect.Options.defaults());
  }

  /**
   * An effect configured by {@code options}.
   *
   * @throws NullPointerException if an argument is null
   * @throws RuntimeException what the first run threw, if it ran immediately
   */
  public Effect effect(Runnable body, Effect.Options options) {
    kernel.checkOpen();
    return EffectNode.create(kernel, body, options);
  }

  // ---------------------------------------------------------------------------------------------
  // Async nodes and producers

  /**
   * An async derived value computed by {@code body} on this graph's task factory. Lazy: nothing runs
   * before the first {@link AsyncDerived#await()}, {@link AsyncDerived#toFuture()} or watching effect.
   *
   * @throws NullPointerException if {@code body} is null
   */
  public <T> AsyncDerived<T> asyncDerived(Callable<? extends T> body) {
    return asyncDerived(body, AsyncDerived.Options.defaults());
  }

  /**
   * An async derived value configured by {@code options}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> AsyncDerived<T> asyncDerived(Callable<? extends T> body, AsyncDerived.Options options) {
    kernel.checkOpen();
    AsyncDerivedNode<T> node = new AsyncDerivedNode<>(kernel, body, Objects.requireNonNull(options, "options"));
    kernel.register(node);
    return node;
  }

  /**
   * An async effect running {@code body} on this graph's task factory now and after each change of
   * what it read; never two runs at once.
   *
   * @throws NullPointerException if {@code body} is null
   */
  public AsyncEffect asyncEffect(AsyncEffect.Body body) {
    return asyncEffect(body, AsyncEffect.Options.defaults());
  }

  /**
   * An async effect configured by {@code options}.
   *
   * @throws NullPointerException if an argument is null
   */
  public AsyncEffect asyncEffect(AsyncEffect.Body body, AsyncEffect.Options options) {
    kernel.checkOpen();
    return AsyncEffectNode.create(kernel, body, options);
  }

  /**
   * A producer: a reactive value fed by an external source that {@code start} starts on the first
   * {@code get()} or {@code subscribe}, and that keeps running until disposed.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> Producer<T> producer(T initial, Producer.Start<T> start) {
    return producer(initial, start, Producer.Options.defaults());
  }

  /**
   * A producer configured by {@code options} (e.g. {@link Producer.Options#stopWhenUnwatched}).
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> Producer<T> producer(T initial, Producer.Start<T> start, Producer.Options options) {
    kernel.checkOpen();
    return new ProducerNode<>(kernel, initial, start, Objects.requireNonNull(options, "options"));
  }

  // ---------------------------------------------------------------------------------------------
  // Batching and tracking control

  /**
   * Runs {@code work} as one atomic batch: other threads' computations never see part of it, reads
   * inside see the new values, and effects run once, when the outermost batch ends.
   *
   * @throws NullPointerException if {@code work} is null
   * @throws RuntimeException what {@code work} threw (effects still flush; their errors are
   *     suppressed in it), else the first error an effect threw
   */
  public void batch(Runnable work) {
    Objects.requireNonNull(work, "work");
    // Not delegated to batch(Supplier): wrapping work in a lambda would allocate on every write.
    Kernel k = beginBatch(kernel);
    try {
      work.run();
    } catch (Throwable t) {
      throw failBatch(k, t);
    }
    endBatch(k);
  }

  /**
   * Like {@link #batch(Runnable)}, returning what {@code work} returns.
   *
   * @throws NullPointerException if {@code work} is null
   */
  public <T> T batch(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    Kernel k = beginBatch(kernel);
    T result;
    try {
      result = work.get();
    } catch (Throwable t) {
      throw failBatch(k, t);
    }
    endBatch(k);
    return result;
  }

  /** Enters {@code k} and opens a batch level; refuses inside a computation of another graph. */
  private static Kernel beginBatch(Kernel k) {
    if (!k.enter()) {
      throw new IllegalStateException("cannot start a batch of graph '" + k.name + "' inside a"
          + " computation of another graph: batch each graph on its own");
    }
    k.batchDepth++;
    return k;
  }

  /** Closes the batch level and exits {@code k}, flushing at the outermost level. */
  private static void endBatch(Kernel k) {
    k.batchDepth--;
    k.exit();
  }

  /** Closes the batch level after {@code t} and exits {@code k}; returns what the caller throws. */
  private static RuntimeException failBatch(Kernel k, Throwable t) {
    k.batchDepth--;
    return Failure.sneaky(k.exitAfter(t));
  }

  /** Runs {@code read} without tracking what it reads. */
  public <T> T untracked(Supplier<T> read) {
    return kernel.untracked(Objects.requireNonNull(read, "read"));
  }

  /**
   * Registers {@code cleanup} with the effect (sync or async) whose body is running on this thread:
   * it runs before that effect's next run and when it is disposed.
   *
   * @throws IllegalStateException if no effect body is running on this thread
   */
  public void onCleanup(Runnable cleanup) {
    Weft.onCleanup(cleanup);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Disposes every effect, async node and producer of this graph: cancels async runs in flight and
   * waits for them to end, runs stop functions and cleanups. Later node creation fails with {@link
   * IllegalStateException}. The global graph disposes its nodes but stays open. Idempotent.
   */
  @Override
  public void close() {
    if (!global) {
      kernel.closed = true;
    }
    Throwable first = null;
    for (LiveNode d : kernel.live.snapshot()) {
      try {
        d.dispose();
      } catch (Throwable t) {
        Failure.rethrowIfFatal(t);
        first = Failure.add(first, t);
      }
    }
    kernel.awaitRunsEnded();
    if (first != null) {
      kernel.report(first);
    }
  }

  @Override
  public String toString() {
    return "Graph[" + kernel.name + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Reactive collections and tracking queries (collections branch)

  /**
   * A new empty, thread-safe {@link ReactiveMap} of this graph, iterating in insertion order: {@code
   * get(k)} is tracked per key, {@code size()}, {@code containsKey} and key iteration by the key set,
   * value and entry iteration by the contents. Null keys and values are rejected.
   *
   * @throws IllegalStateException if this graph is closed
   */
  public <K, V> ReactiveMap<K, V> reactiveMap() {
    kernel.checkOpen();
    return new LocalReactiveMap<>(kernel);
  }

  /**
   * A new empty, thread-safe {@link ReactiveList} of this graph: {@code get(i)} is tracked per index,
   * {@code size()} by the size, search and iteration by the contents. Null elements are rejected.
   *
   * @throws IllegalStateException if this graph is closed
   */
  public <E> ReactiveList<E> reactiveList() {
    kernel.checkOpen();
    return new LocalReactiveList<>(kernel);
  }

  /**
   * A new empty, thread-safe {@link ReactiveSet} of this graph, iterating in insertion order: {@code
   * contains(e)} is tracked per element, {@code size()} and iteration by the membership. Null elements
   * are rejected.
   *
   * @throws IllegalStateException if this graph is closed
   */
  public <E> ReactiveSet<E> reactiveSet() {
    kernel.checkOpen();
    return new LocalReactiveSet<>(kernel);
  }

  /**
   * Returns whether the current thread is inside a tracked computation of this graph: a derived
   * function or a sync effect body of this graph running on this thread, or the body of an async node of
   * this graph (outside a {@link #batch} of its own), and not inside {@link #untracked}: exactly when a
   * {@link ReadableSignal#get()} of this graph made now would become a dependency. Sources that keep
   * per-key state for readers use it to create that state only for tracked reads.
   */
  public boolean isTracking() {
    return VersionNode.tracking(kernel);
  }

  // ---------------------------------------------------------------------------------------------

  /** Configures an isolated graph. Not thread-safe; build once. */
  public static final class Builder {
    private @Nullable String name;
    private TaskFactory taskFactory = TaskFactory.virtualThreads();
    private @Nullable ErrorHandler errorHandler;

    private Builder() {}

    /** Names the graph in messages. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the task factory of async nodes (default {@link TaskFactory#virtualThreads()}). */
    public Builder taskFactory(TaskFactory taskFactory) {
      this.taskFactory = Objects.requireNonNull(taskFactory, "taskFactory");
      return this;
    }

    /** Sets the handler of errors that have no caller (default: a {@code System.Logger} warning). */
    public Builder errorHandler(ErrorHandler errorHandler) {
      this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
      return this;
    }

    /** Builds the graph. */
    public Graph build() {
      String n = name != null ? name : "graph-" + SEQUENCE.incrementAndGet();
      return new Graph(new Kernel(n, taskFactory, errorHandler), false);
    }
  }
}
