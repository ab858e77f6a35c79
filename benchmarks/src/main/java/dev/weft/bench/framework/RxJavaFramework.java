package dev.weft.bench.framework;

import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * RxJava 3: a source is a {@link BehaviorSubject}; a computed value is
 * {@code Observable.combineLatest(sources).map(fn)} with a change filter, published into its own
 * {@code BehaviorSubject}; an effect is a subscriber of {@code combineLatest}.
 *
 * <p>What RxJava cannot express, this adapter does not fake: there is no batching (each write
 * propagates on its own), propagation is depth-first so a diamond sees intermediate states
 * (glitches), and the sources of a {@code combineLatest} are fixed at creation (see
 * {@link PushReads}). Every node is eager (push), so computed runs are not lazy.
 *
 * <p>Threading: confined to the benchmark thread.
 */
final class RxJavaFramework implements ReactiveFramework {

  private final PushReads reads = new PushReads();
  private final PropagationBudget budget = new PropagationBudget("rxjava");
  private final CompositeDisposable subscriptions = new CompositeDisposable();

  @Override
  public String name() {
    return "rxjava";
  }

  @Override
  public <T> Source<T> signal(T initial) {
    return new RxSource<>(reads, budget, initial);
  }

  @Override
  public <T> Computed<T> computed(Supplier<T> fn) {
    PushReads.Discovered<T> first = reads.discover(fn);
    RxComputed<T> node = new RxComputed<>(reads, first.value());
    if (first.deps().length > 0) {
      PushNode<?>[] deps = first.deps();
      subscriptions.add(
          Observable.combineLatest(observables(deps), values -> values)
              .skip(1) // the subscription replays the values the discovery run already saw
              .map(
                  values -> {
                    budget.charge(1 + deps.length);
                    return reads.evaluate(fn, deps, values);
                  })
              .filter(value -> !value.equals(node.subject.getValue()))
              .subscribe(node.subject::onNext, budget::recordError));
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
          Observable.combineLatest(observables(deps), values -> values)
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
    fn.run(); // RxJava has no batching
  }

  @Override
  public <T> T withBuild(Supplier<T> fn) {
    return fn.get();
  }

  @Override
  public void cleanup() {
    subscriptions.clear();
    budget.reset();
  }

  @Override
  public boolean pullComputeds() {
    return false;
  }

  private static List<Observable<?>> observables(PushNode<?>[] deps) {
    List<Observable<?>> list = new ArrayList<>(deps.length);
    for (PushNode<?> dep : deps) {
      list.add(((RxNode<?>) dep).subject());
    }
    return list;
  }

  /** A node backed by a subject holding its latest value. */
  private interface RxNode<T> {
    BehaviorSubject<T> subject();
  }

  private static final class RxSource<T> extends PushNode<T> implements Source<T>, RxNode<T> {
    private final BehaviorSubject<T> subject;
    private final PropagationBudget budget;

    RxSource(PushReads reads, PropagationBudget budget, T initial) {
      super(reads);
      this.budget = budget;
      this.subject = BehaviorSubject.createDefault(initial);
    }

    @Override
    public BehaviorSubject<T> subject() {
      return subject;
    }

    @Override
    T current() {
      return subject.getValue();
    }

    @Override
    public void write(T value) {
      if (!value.equals(subject.getValue())) {
        budget.startWrite();
        subject.onNext(value);
        budget.throwIfFailed();
      }
    }
  }

  private static final class RxComputed<T> extends PushNode<T> implements RxNode<T> {
    final BehaviorSubject<T> subject;

    RxComputed(PushReads reads, T initial) {
      super(reads);
      this.subject = BehaviorSubject.createDefault(initial);
    }

    @Override
    public BehaviorSubject<T> subject() {
      return subject;
    }

    @Override
    T current() {
      return subject.getValue();
    }
  }
}
