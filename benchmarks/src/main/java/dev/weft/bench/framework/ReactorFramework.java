package dev.weft.bench.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Project Reactor: a source is a replay-latest {@link Sinks.Many}; a computed value is
 * {@code Flux.combineLatest(sources).map(fn)} with a change filter, emitted into its own
 * replay-latest sink; an effect is a subscriber of {@code combineLatest}.
 *
 * <p>As with RxJava, there is no batching, propagation glitches on diamonds, sources are fixed at
 * creation (see {@link PushReads}) and every node is eager. The value of a node is kept next to
 * its sink, since a sink does not expose it.
 *
 * <p>Threading: confined to the benchmark thread.
 */
final class ReactorFramework implements ReactiveFramework {

  private final PushReads reads = new PushReads();
  private final PropagationBudget budget = new PropagationBudget("reactor");
  private Disposable.Composite subscriptions = Disposables.composite();

  @Override
  public String name() {
    return "reactor";
  }

  @Override
  public <T> Source<T> signal(T initial) {
    return new ReactorSource<>(reads, budget, initial);
  }

  @Override
  public <T> Computed<T> computed(Supplier<T> fn) {
    PushReads.Discovered<T> first = reads.discover(fn);
    ReactorComputed<T> node = new ReactorComputed<>(reads, first.value());
    if (first.deps().length > 0) {
      PushNode<?>[] deps = first.deps();
      subscriptions.add(
          Flux.combineLatest(publishers(deps), values -> values)
              .skip(1) // the subscription replays the values the discovery run already saw
              .map(
                  values -> {
                    budget.charge(1 + deps.length);
                    return reads.evaluate(fn, deps, values);
                  })
              .filter(value -> !value.equals(node.value))
              .subscribe(node::publish, budget::recordError));
    }
    return node;
  }

  @Override
  public void effect(Runnable fn) {
    Supplier<Object> body = () -> {
      fn.run();
      return Boolean.TRUE;
    };
    PushNode<?>[] deps = reads.discover(body).deps();
    if (deps.length > 0) {
      subscriptions.add(
          Flux.combineLatest(publishers(deps), values -> values)
              .skip(1)
              .subscribe(
                  values -> {
                    budget.charge(1 + deps.length);
                    reads.evaluate(body, deps, values);
                  },
                  budget::recordError));
    }
  }

  @Override
  public void withBatch(Runnable fn) {
    fn.run(); // Reactor has no batching
  }

  @Override
  public <T> T withBuild(Supplier<T> fn) {
    return fn.get();
  }

  @Override
  public void cleanup() {
    subscriptions.dispose();
    subscriptions = Disposables.composite();
    budget.reset();
  }

  @Override
  public boolean pullComputeds() {
    return false;
  }

  private static List<Publisher<?>> publishers(PushNode<?>[] deps) {
    List<Publisher<?>> list = new ArrayList<>(deps.length);
    for (PushNode<?> dep : deps) {
      list.add(((ReactorNode<?>) dep).flux());
    }
    return list;
  }

  /** A node backed by a replay-latest sink. */
  private abstract static class ReactorNode<T> extends PushNode<T> {
    private final Sinks.Many<T> sink;
    private final Flux<T> flux;
    T value;

    ReactorNode(PushReads reads, T initial) {
      super(reads);
      this.value = initial;
      this.sink = Sinks.many().replay().latestOrDefault(initial);
      this.flux = sink.asFlux();
    }

    final Flux<T> flux() {
      return flux;
    }

    @Override
    final T current() {
      return value;
    }

    final void publish(T next) {
      value = next;
      sink.emitNext(next, Sinks.EmitFailureHandler.FAIL_FAST);
    }
  }

  private static final class ReactorSource<T> extends ReactorNode<T> implements Source<T> {
    private final PropagationBudget budget;

    ReactorSource(PushReads reads, PropagationBudget budget, T initial) {
      super(reads, initial);
      this.budget = budget;
    }

    @Override
    public void write(T next) {
      if (!next.equals(value)) {
        budget.startWrite();
        publish(next);
        budget.throwIfFailed();
      }
    }
  }

  private static final class ReactorComputed<T> extends ReactorNode<T> {
    ReactorComputed(PushReads reads, T initial) {
      super(reads, initial);
    }
  }
}
