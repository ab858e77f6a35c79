package dev.weft;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Static facade over {@link Graph#global()}: {@code import static dev.weft.Weft.*;}.
 *
 * <pre>{@code
 * Signal<Integer> count = signal(1);
 * Derived<Integer> doubled = derived(() -> count.get() * 2);
 * Effect log = effect(() -> System.out.println("doubled = " + doubled.get())); // prints 2
 * count.set(5);                                                                // prints 10
 * }</pre>
 *
 * <p>Every method is safe from any thread. See {@link Graph} for the concurrency model.
 */
public final class Weft {
  private Weft() {}

  /** {@link Graph#signal(Object)} on the global graph. */
  public static <T> Signal<T> signal(T initial) {
    return Graph.global().signal(initial);
  }

  /** {@link Graph#signal(Object, Equality)} on the global graph. */
  public static <T> Signal<T> signal(T initial, Equality<? super T> equality) {
    return Graph.global().signal(initial, equality);
  }

  /** {@link Graph#derived(Supplier)} on the global graph. */
  public static <T> Derived<T> derived(Supplier<? extends T> fn) {
    return Graph.global().derived(fn);
  }

  /** {@link Graph#memoized(Supplier)} on the global graph. */
  public static <T> Derived<T> memoized(Supplier<? extends T> fn) {
    return Graph.global().memoized(fn);
  }

  /** {@link Graph#effect(Runnable)} on the global graph. */
  public static Effect effect(Runnable body) {
    return Graph.global().effect(body);
  }

  /** {@link Graph#effect(Runnable, Effect.Options)} on the global graph. */
  public static Effect effect(Runnable body, Effect.Options options) {
    return Graph.global().effect(body, options);
  }

  /** {@link Graph#asyncDerived(Callable)} on the global graph. */
  public static <T> AsyncDerived<T> asyncDerived(Callable<? extends T> body) {
    return Graph.global().asyncDerived(body);
  }

  /** {@link Graph#asyncDerived(Callable, AsyncDerived.Options)} on the global graph. */
  public static <T> AsyncDerived<T> asyncDerived(Callable<? extends T> body, AsyncDerived.Options options) {
    return Graph.global().asyncDerived(body, options);
  }

  /** {@link Graph#asyncEffect(AsyncEffect.Body)} on the global graph. */
  public static AsyncEffect asyncEffect(AsyncEffect.Body body) {
    return Graph.global().asyncEffect(body);
  }

  /** {@link Graph#asyncEffect(AsyncEffect.Body, AsyncEffect.Options)} on the global graph. */
  public static AsyncEffect asyncEffect(AsyncEffect.Body body, AsyncEffect.Options options) {
    return Graph.global().asyncEffect(body, options);
  }

  /** {@link Graph#producer(Object, Producer.Start)} on the global graph. */
  public static <T> Producer<T> producer(T initial, Producer.Start<T> start) {
    return Graph.global().producer(initial, start);
  }

  /** {@link Graph#producer(Object, Producer.Start, Producer.Options)} on the global graph. */
  public static <T> Producer<T> producer(T initial, Producer.Start<T> start, Producer.Options options) {
    return Graph.global().producer(initial, start, options);
  }

  /** {@link Graph#batch(Runnable)} on the global graph. */
  public static void batch(Runnable work) {
    Graph.global().batch(work);
  }

  /** {@link Graph#batch(Supplier)} on the global graph. */
  public static <T> T batch(Supplier<T> work) {
    return Graph.global().batch(work);
  }

  /**
   * Runs {@code read} without tracking, whichever graph's computation is running on this thread.
   *
   * @throws NullPointerException if {@code read} is null
   */
  public static <T> T untracked(Supplier<T> read) {
    Objects.requireNonNull(read, "read");
    if (Kernel.FRAME.isBound()) {
      return ScopedValue.where(Kernel.FRAME, AsyncFrame.NONE).call(read::get);
    }
    return Kernel.untrackedOnThread(read);
  }

  /**
   * Registers {@code cleanup} with the effect (sync or async, any graph) whose body is running on this
   * thread: it runs before that effect's next run and when it is disposed.
   *
   * @throws NullPointerException if {@code cleanup} is null
   * @throws IllegalStateException if no effect body is running on this thread
   */
  public static void onCleanup(Runnable cleanup) {
    Objects.requireNonNull(cleanup, "cleanup");
    Kernel.currentCleanupOwner()
        .orElseThrow(() -> new IllegalStateException(
            "onCleanup() must be called inside an effect body (sync or async); there is none"
                + " running on this thread"))
        .addCleanup(cleanup);
  }

  // ---------------------------------------------------------------------------------------------
  // Reactive collections (collections branch)

  /** {@link Graph#reactiveMap()} on the global graph. */
  public static <K, V> ReactiveMap<K, V> reactiveMap() {
    return Graph.global().reactiveMap();
  }

  /** {@link Graph#reactiveList()} on the global graph. */
  public static <E> ReactiveList<E> reactiveList() {
    return Graph.global().reactiveList();
  }

  /** {@link Graph#reactiveSet()} on the global graph. */
  public static <E> ReactiveSet<E> reactiveSet() {
    return Graph.global().reactiveSet();
  }
}
