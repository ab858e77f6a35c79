package dev.weft.bench.framework;

import com.vaadin.signals.Signal;
import com.vaadin.signals.ValueSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Vaadin signals ({@code com.vaadin:signals}): a source is a {@link ValueSignal}, a computed value
 * is {@link Signal#computed(Supplier)}, an effect is {@link Signal#effect(Runnable)} (run on the
 * default, immediate dispatcher), a batch is {@link Signal#runInTransaction(Runnable)}.
 *
 * <p>Threading: Vaadin signals are thread-safe; the benchmarks use them from one thread.
 */
final class VaadinFramework implements ReactiveFramework {

  private final List<Runnable> disposers = new ArrayList<>();

  @Override
  public String name() {
    return "vaadin";
  }

  @Override
  public <T> Source<T> signal(T initial) {
    ValueSignal<T> signal = new ValueSignal<>(initial);
    return new Source<>() {
      @Override
      public T read() {
        return signal.value();
      }

      @Override
      public void write(T value) {
        signal.value(value);
      }
    };
  }

  @Override
  public <T> Computed<T> computed(Supplier<T> fn) {
    Signal<T> computed = Signal.computed(fn);
    return computed::value;
  }

  @Override
  public void effect(Runnable fn) {
    disposers.add(Signal.effect(fn));
  }

  @Override
  public void withBatch(Runnable fn) {
    Signal.runInTransaction(fn);
  }

  @Override
  public <T> T withBuild(Supplier<T> fn) {
    return fn.get();
  }

  @Override
  public void cleanup() {
    disposers.forEach(Runnable::run);
    disposers.clear();
  }

  @Override
  public boolean pullComputeds() {
    return true;
  }
}
