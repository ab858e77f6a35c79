package dev.weft.bench.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.SimpleObjectProperty;
import org.jspecify.annotations.Nullable;

/**
 * JavaFX properties and bindings (javafx-base): a source is a {@link SimpleObjectProperty}; a
 * computed value is an {@link ObjectBinding} (lazy, invalidation-based); an effect is an
 * {@link InvalidationListener} that reruns its body when a dependency is invalidated.
 *
 * <p>JavaFX has no automatic dependency tracking: this adapter records what a binding or effect
 * reads on each run and re-binds ({@code bind}/{@code unbind}, or listener add/remove) when that
 * set changed, which is how a hand-written JavaFX binding with dynamic dependencies looks. JavaFX
 * has no batching and no equality cut-off on invalidation: an effect reruns inside the
 * invalidation pass of every write, and may see a mix of old and new values.
 *
 * <p>Threading: confined to the benchmark thread (JavaFX properties are not thread-safe).
 */
final class JavaFxFramework implements ReactiveFramework {

  private static final Observable[] NONE = new Observable[0];

  /** What the running binding or effect reads; {@code null} outside them. */
  private @Nullable ReadSet tracking;

  private final PropagationBudget budget = new PropagationBudget("javafx");
  private final List<FxEffect> effects = new ArrayList<>();
  private final List<FxComputed<?>> bindings = new ArrayList<>();

  @Override
  public String name() {
    return "javafx";
  }

  @Override
  public <T> Source<T> signal(T initial) {
    return new FxSource<>(initial);
  }

  @Override
  public <T> Computed<T> computed(Supplier<T> fn) {
    FxComputed<T> binding = new FxComputed<>(fn);
    bindings.add(binding);
    return binding;
  }

  @Override
  public void effect(Runnable fn) {
    FxEffect effect = new FxEffect(fn);
    effects.add(effect);
    effect.run();
  }

  @Override
  public void withBatch(Runnable fn) {
    fn.run(); // JavaFX has no batching
  }

  @Override
  public <T> T withBuild(Supplier<T> fn) {
    budget.startWrite();
    return fn.get();
  }

  @Override
  public void cleanup() {
    effects.forEach(FxEffect::dispose);
    effects.clear();
    bindings.forEach(FxComputed::dispose);
    bindings.clear();
    budget.reset();
  }

  @Override
  public boolean pullComputeds() {
    return true;
  }

  private void track(Observable observable) {
    ReadSet reads = tracking;
    if (reads != null) {
      reads.add(observable);
      budget.charge(1);
    }
  }

  private final class FxSource<T> implements Source<T> {
    private final SimpleObjectProperty<T> property;

    FxSource(T initial) {
      this.property = new SimpleObjectProperty<>(initial);
    }

    @Override
    public T read() {
      track(property);
      return property.get();
    }

    @Override
    public void write(T value) {
      // ObjectProperty compares by identity; skip equal values like every other adapter
      if (!value.equals(property.get())) {
        budget.startWrite();
        property.set(value);
        budget.throwIfFailed();
      }
    }
  }

  private final class FxComputed<T> extends ObjectBinding<T> implements Computed<T> {
    private final Supplier<T> fn;
    private final ReadSet reads = new ReadSet();
    private Observable[] deps = NONE;

    FxComputed(Supplier<T> fn) {
      this.fn = fn;
    }

    @Override
    protected T computeValue() {
      budget.charge(1);
      ReadSet saved = tracking;
      reads.begin(deps);
      tracking = reads;
      try {
        return fn.get();
      } finally {
        tracking = saved;
        if (!reads.unchanged()) {
          unbind(deps);
          deps = reads.toArray(NONE);
          bind(deps);
        }
      }
    }

    @Override
    public T read() {
      track(this);
      return get();
    }

    @Override
    public void dispose() {
      unbind(deps);
      deps = NONE;
    }
  }

  private final class FxEffect implements InvalidationListener {
    private final Runnable fn;
    private final ReadSet reads = new ReadSet();
    private Observable[] deps = NONE;
    private boolean disposed;

    FxEffect(Runnable fn) {
      this.fn = fn;
    }

    void run() {
      ReadSet saved = tracking;
      reads.begin(deps);
      tracking = reads;
      try {
        fn.run();
      } finally {
        tracking = saved;
        if (!reads.unchanged()) {
          for (Observable dep : deps) {
            dep.removeListener(this);
          }
          deps = reads.toArray(NONE);
          for (Observable dep : deps) {
            dep.addListener(this);
          }
        }
      }
    }

    @Override
    public void invalidated(Observable observable) {
      // JavaFX hands listener exceptions to the uncaught-exception handler, so failures are kept
      // for the writer, and an exhausted budget stops reruns here
      if (!disposed && budget.tryCharge(1)) {
        try {
          run();
        } catch (RuntimeException e) {
          budget.recordError(e);
        }
      }
    }

    void dispose() {
      disposed = true;
      for (Observable dep : deps) {
        dep.removeListener(this);
      }
      deps = NONE;
    }
  }
}
