package dev.weft.bench.framework;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.util.function.Supplier;

/**
 * Weft through its public API only: each build lives in its own {@link Graph#create()}, a source
 * is {@link Graph#signal}, a computed value {@link Graph#derived}, an effect {@link Graph#effect},
 * a batch {@link Graph#batch(Runnable)}; {@link #cleanup()} closes the graph (disposing its
 * effects) and starts a fresh one.
 *
 * <p>Threading: Weft is thread-safe; the scenarios use it from one thread.
 */
final class WeftFramework implements ReactiveFramework {

  private Graph graph = Graph.create();

  @Override
  public String name() {
    return "weft";
  }

  @Override
  public <T> Source<T> signal(T initial) {
    return new WeftSource<>(graph.signal(initial));
  }

  @Override
  public <T> Computed<T> computed(Supplier<T> fn) {
    Derived<T> derived = graph.derived(fn);
    return derived::get;
  }

  @Override
  public void effect(Runnable fn) {
    graph.effect(fn);
  }

  @Override
  public void withBatch(Runnable fn) {
    graph.batch(fn);
  }

  @Override
  public <T> T withBuild(Supplier<T> fn) {
    return fn.get();
  }

  @Override
  public void cleanup() {
    graph.close();
    graph = Graph.create();
  }

  @Override
  public boolean pullComputeds() {
    return true;
  }

  private record WeftSource<T>(Signal<T> signal) implements Source<T> {
    @Override
    public T read() {
      return signal.get();
    }

    @Override
    public void write(T value) {
      signal.set(value);
    }
  }
}
