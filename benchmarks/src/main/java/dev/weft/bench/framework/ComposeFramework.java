package dev.weft.bench.framework;

import androidx.compose.runtime.MutableState;
import androidx.compose.runtime.SnapshotMutationPolicy;
import androidx.compose.runtime.SnapshotStateKt;
import androidx.compose.runtime.State;
import androidx.compose.runtime.snapshots.Snapshot;
import androidx.compose.runtime.snapshots.SnapshotStateObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import org.jspecify.annotations.Nullable;

/**
 * The Compose runtime's snapshot state system, without any UI: a source is
 * {@code mutableStateOf} (structural equality), a computed value is {@code derivedStateOf}, an
 * effect is a scope observed by a {@link SnapshotStateObserver}. Writes go to the global snapshot;
 * the end of the outermost batch calls {@code Snapshot.sendApplyNotifications()}, and the effects
 * the observer reports invalidated then rerun (as a recomposer would schedule them), repeating
 * while reruns write.
 *
 * <p>Threading: confined to the benchmark thread; the observer's change executor runs inline.
 */
final class ComposeFramework implements ReactiveFramework {

  /** Bound on flush rounds: effects that keep writing what they read would loop forever. */
  private static final int MAX_FLUSH_ROUNDS = 100;

  private final SnapshotMutationPolicy<Object> policy = SnapshotStateKt.structuralEqualityPolicy();
  /** Effects reported invalidated by the last apply notification, rerun by {@link #flush()}. */
  private final ArrayDeque<ComposeEffect> pending = new ArrayDeque<>();
  /** One callback instance for every scope: the observer keeps one scope map per callback. */
  private final Function1<ComposeEffect, Unit> onChanged =
      effect -> {
        pending.add(effect);
        return Unit.INSTANCE;
      };
  private final List<ComposeEffect> effects = new ArrayList<>();
  private @Nullable SnapshotStateObserver observer;
  private int batchDepth;

  @Override
  public String name() {
    return "compose";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Source<T> signal(T initial) {
    MutableState<T> state =
        SnapshotStateKt.mutableStateOf(initial, (SnapshotMutationPolicy<T>) (Object) policy);
    return new Source<>() {
      @Override
      public T read() {
        return state.getValue();
      }

      @Override
      public void write(T value) {
        state.setValue(value);
        if (batchDepth == 0) {
          flush();
        }
      }
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Computed<T> computed(Supplier<T> fn) {
    State<T> derived =
        SnapshotStateKt.derivedStateOf((SnapshotMutationPolicy<T>) (Object) policy, fn::get);
    return derived::getValue;
  }

  @Override
  public void effect(Runnable fn) {
    ComposeEffect effect = new ComposeEffect(fn);
    effects.add(effect);
    effect.run();
  }

  @Override
  public void withBatch(Runnable fn) {
    batchDepth++;
    try {
      fn.run();
    } finally {
      if (--batchDepth == 0) {
        flush();
      }
    }
  }

  @Override
  public <T> T withBuild(Supplier<T> fn) {
    return fn.get();
  }

  @Override
  public void cleanup() {
    effects.forEach(effect -> effect.disposed = true);
    effects.clear();
    pending.clear();
    SnapshotStateObserver current = observer;
    if (current != null) {
      current.stop();
      current.clear();
      observer = null;
    }
  }

  @Override
  public boolean pullComputeds() {
    return true;
  }

  private SnapshotStateObserver observer() {
    SnapshotStateObserver current = observer;
    if (current == null) {
      current =
          new SnapshotStateObserver(
              notify -> {
                notify.invoke();
                return Unit.INSTANCE;
              });
      current.start();
      observer = current;
    }
    return current;
  }

  private void flush() {
    for (int round = 0; round < MAX_FLUSH_ROUNDS; round++) {
      Snapshot.Companion.sendApplyNotifications();
      if (pending.isEmpty()) {
        return;
      }
      ComposeEffect effect;
      while ((effect = pending.poll()) != null) {
        if (!effect.disposed) {
          effect.run();
        }
      }
    }
    throw new IllegalStateException(
        "compose effects still writing after " + MAX_FLUSH_ROUNDS + " flush rounds: a cycle");
  }

  private final class ComposeEffect {
    private final Runnable fn;
    boolean disposed;

    ComposeEffect(Runnable fn) {
      this.fn = fn;
    }

    void run() {
      observer()
          .observeReads(
              this,
              onChanged,
              () -> {
                fn.run();
                return Unit.INSTANCE;
              });
    }
  }
}
