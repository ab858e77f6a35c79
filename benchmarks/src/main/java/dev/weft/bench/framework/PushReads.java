package dev.weft.bench.framework;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Dependency discovery and argument passing for libraries that have no automatic dependency
 * tracking (RxJava, Reactor, Sodium), where a computation is a function of explicitly combined
 * sources.
 *
 * <p>{@link #discover} runs a function once and records the nodes it reads: they become the
 * combined sources of the computed value or effect, fixed from then on (these libraries cannot
 * change the sources of a {@code combineLatest} or {@code lift}; a dynamic read of a node that was
 * not read on the first run returns that node's current value and is not subscribed to).
 * {@link #evaluate} then runs the function with the values the library delivered, so a
 * computation sees exactly what its library passed to it (including glitches).
 *
 * <p>Threading: confined to the benchmark thread, like the adapter that owns it.
 */
final class PushReads {

  private static final PushNode<?>[] NO_NODES = new PushNode<?>[0];

  private @Nullable ReadSet discovering;
  private PushNode<?> @Nullable [] deps;
  private Object @Nullable [] values;
  private int cursor;

  /** The result of a discovery run. */
  record Discovered<T>(T value, PushNode<?>[] deps) {}

  /**
   * Runs {@code fn} once, outside any library computation, recording what it reads.
   *
   * @param fn the computation
   * @param <T> the result type
   * @return its result and the distinct nodes it read, in first-read order
   */
  <T> Discovered<T> discover(Supplier<T> fn) {
    ReadSet saved = discovering;
    PushNode<?>[] savedDeps = deps;
    Object[] savedValues = values;
    int savedCursor = cursor;
    ReadSet reads = new ReadSet();
    reads.begin(NO_NODES);
    discovering = reads;
    deps = null;
    values = null;
    try {
      T value = fn.get();
      return new Discovered<>(value, reads.toArray(NO_NODES));
    } finally {
      discovering = saved;
      deps = savedDeps;
      values = savedValues;
      cursor = savedCursor;
    }
  }

  /**
   * Runs {@code fn} with the values the library delivered for its discovered dependencies.
   *
   * @param fn the computation
   * @param fnDeps the nodes {@code fn} read on its discovery run
   * @param fnValues their values, as delivered, in the same order
   * @param <T> the result type
   * @return what {@code fn} returned
   */
  <T> T evaluate(Supplier<T> fn, PushNode<?>[] fnDeps, Object[] fnValues) {
    ReadSet saved = discovering;
    PushNode<?>[] savedDeps = deps;
    Object[] savedValues = values;
    int savedCursor = cursor;
    discovering = null;
    deps = fnDeps;
    values = fnValues;
    cursor = 0;
    try {
      return fn.get();
    } finally {
      discovering = saved;
      deps = savedDeps;
      values = savedValues;
      cursor = savedCursor;
    }
  }

  /**
   * Resolves a read of {@code node} in the current context.
   *
   * @param node the node read
   * @return the delivered value inside an evaluation, else the node's current value
   */
  Object read(PushNode<?> node) {
    PushNode<?>[] d = deps;
    if (d != null) {
      Object[] v = values;
      int c = cursor;
      // Fast path: a static function reads its dependencies in discovery order.
      if (c < d.length && d[c] == node) {
        cursor = c + 1;
        return v[c];
      }
      for (int i = 0; i < d.length; i++) {
        if (d[i] == node) {
          cursor = i + 1;
          return v[i];
        }
      }
      return node.current();
    }
    ReadSet r = discovering;
    if (r != null) {
      r.add(node);
    }
    return node.current();
  }
}
