package dev.weft.bench.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import nz.sodium.Cell;
import nz.sodium.CellSink;
import nz.sodium.Listener;
import nz.sodium.Operational;
import nz.sodium.Transaction;

/**
 * Sodium (FRP): a source is a {@link CellSink} (last write of a transaction wins); a computed value
 * is a {@code lift} of its sources (a balanced tree of two-cell lifts, so any number of sources
 * costs O(log n) lifts per change) mapped through {@code fn}, with a change filter; an effect
 * listens to the updates of that lift; a batch is a {@link Transaction}.
 *
 * <p>Sodium is glitch-free and batches by transaction. Its sources are fixed at creation (see
 * {@link PushReads}; Sodium would need {@code switchC} for dynamic dependencies) and its cells are
 * eager. Reads inside a transaction see the values from before it (Sodium semantics).
 *
 * <p>Threading: confined to the benchmark thread (Sodium serializes transactions on a global lock).
 */
final class SodiumFramework implements ReactiveFramework {

  private final PushReads reads = new PushReads();
  private final List<Listener> listeners = new ArrayList<>();

  @Override
  public String name() {
    return "sodium";
  }

  @Override
  public <T> Source<T> signal(T initial) {
    return new SodiumSource<>(reads, initial);
  }

  @Override
  public <T> Computed<T> computed(Supplier<T> fn) {
    PushReads.Discovered<T> first = reads.discover(fn);
    PushNode<?>[] deps = first.deps();
    if (deps.length == 0) {
      return new SodiumComputed<>(reads, new Cell<>(first.value()));
    }
    Cell<Object> combined = combine(deps, 0, deps.length);
    Calm<T> calm = new Calm<>(first.value());
    Cell<T> cell =
        Operational.updates(combined)
            .map(tree -> reads.evaluate(fn, deps, flatten(tree, deps.length)))
            .filter(calm::changed)
            .hold(first.value());
    return new SodiumComputed<>(reads, cell);
  }

  @Override
  public void effect(Runnable fn) {
    Supplier<Object> body = () -> {
      fn.run();
      return Boolean.TRUE;
    };
    PushNode<?>[] deps = reads.discover(body).deps();
    if (deps.length > 0) {
      Cell<Object> combined = combine(deps, 0, deps.length);
      listeners.add(
          Operational.updates(combined)
              .listen(tree -> reads.evaluate(body, deps, flatten(tree, deps.length))));
    }
  }

  @Override
  public void withBatch(Runnable fn) {
    Transaction.runVoid(fn);
  }

  @Override
  public <T> T withBuild(Supplier<T> fn) {
    return fn.get();
  }

  @Override
  public void cleanup() {
    listeners.forEach(Listener::unlisten);
    listeners.clear();
  }

  @Override
  public boolean pullComputeds() {
    return false;
  }

  /** A pair of combined values: the inner node of the lift tree. */
  private record Pair(Object left, Object right) {}

  @SuppressWarnings("unchecked")
  private static Cell<Object> combine(PushNode<?>[] deps, int from, int to) {
    if (to - from == 1) {
      return (Cell<Object>) ((SodiumNode<?>) deps[from]).cell();
    }
    int mid = (from + to) >>> 1;
    return combine(deps, from, mid).lift(combine(deps, mid, to), Pair::new);
  }

  private static Object[] flatten(Object tree, int count) {
    Object[] values = new Object[count];
    fill(tree, values, 0, count);
    return values;
  }

  private static void fill(Object tree, Object[] values, int from, int to) {
    if (to - from == 1) {
      values[from] = tree;
      return;
    }
    Pair pair = (Pair) tree;
    int mid = (from + to) >>> 1;
    fill(pair.left(), values, from, mid);
    fill(pair.right(), values, mid, to);
  }

  /** A node backed by a cell. */
  private interface SodiumNode<T> {
    Cell<T> cell();
  }

  private static final class SodiumSource<T> extends PushNode<T> implements Source<T>, SodiumNode<T> {
    private final CellSink<T> sink;
    /** The last value written: inside a transaction the cell still shows the previous one. */
    private T latest;

    SodiumSource(PushReads reads, T initial) {
      super(reads);
      this.sink = new CellSink<>(initial, (earlier, later) -> later);
      this.latest = initial;
    }

    @Override
    public Cell<T> cell() {
      return sink;
    }

    @Override
    T current() {
      return sink.sample();
    }

    @Override
    public void write(T value) {
      if (!value.equals(latest)) {
        latest = value;
        sink.send(value);
      }
    }
  }

  /** The change filter of a computed cell: lets a value through only when it differs. */
  private static final class Calm<T> {
    /** The last value let through; only touched inside Sodium transactions. */
    private T last;

    Calm(T initial) {
      this.last = initial;
    }

    boolean changed(T value) {
      if (value.equals(last)) {
        return false;
      }
      last = value;
      return true;
    }
  }

  private static final class SodiumComputed<T> extends PushNode<T> implements SodiumNode<T> {
    private final Cell<T> cell;

    SodiumComputed(PushReads reads, Cell<T> cell) {
      super(reads);
      this.cell = cell;
    }

    @Override
    public Cell<T> cell() {
      return cell;
    }

    @Override
    T current() {
      return cell.sample();
    }
  }
}
