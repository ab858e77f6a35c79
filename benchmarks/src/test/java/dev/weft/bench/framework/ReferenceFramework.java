package dev.weft.bench.framework;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately simple, obviously correct reactive library used as the tests' oracle: lazy
 * computed values validated by version numbers (pull only, no push marking), equality cut-off,
 * glitch-free batched effects. A computed value recomputes exactly when it is read and one of the
 * values it read last time has a new version, which is the semantics the dynamic-graph counts
 * of the js-reactivity-benchmark assume. It is slow (every read after a write re-validates the
 * upstream graph once) and single-threaded.
 */
public final class ReferenceFramework implements ReactiveFramework {

  /** Bumped by every write that changes a value; a node validated in this epoch is fresh. */
  private long epoch = 1;
  private long versionClock;
  private int batchDepth;
  private @Nullable Tracker tracking;
  private List<RefEffect> effects = new ArrayList<>();

  private ReferenceFramework() {}

  /**
   * Creates a fresh oracle.
   *
   * @return a new instance
   */
  public static ReferenceFramework create() {
    return new ReferenceFramework();
  }

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public <T> Source<T> signal(T initial) {
    return new RefSource<>(initial);
  }

  @Override
  public <T> Computed<T> computed(Supplier<T> fn) {
    return new RefComputed<>(fn);
  }

  @Override
  public void effect(Runnable fn) {
    RefEffect effect = new RefEffect(fn);
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
    effects = new ArrayList<>();
  }

  @Override
  public boolean pullComputeds() {
    return true;
  }

  private void flush() {
    batchDepth++;
    try {
      boolean ran = true;
      for (int round = 0; ran; round++) {
        if (round > 100) {
          throw new IllegalStateException("effects keep re-triggering");
        }
        ran = false;
        for (RefEffect effect : List.copyOf(effects)) {
          if (effect.tracker.stale()) {
            effect.run();
            ran = true;
          }
        }
      }
    } finally {
      batchDepth--;
    }
  }

  private abstract static class Node {
    long version;

    /** Makes the value current (recomputing if needed). */
    abstract void refresh();
  }

  /** The dependencies one run of a computation read, with the versions it saw. */
  private static final class Tracker {
    final List<Node> deps = new ArrayList<>();
    long[] seen = new long[4];

    void record(Node node) {
      if (deps.size() == seen.length) {
        seen = Arrays.copyOf(seen, seen.length * 2);
      }
      seen[deps.size()] = node.version;
      deps.add(node);
    }

    boolean stale() {
      for (int i = 0; i < deps.size(); i++) {
        Node dep = deps.get(i);
        dep.refresh();
        if (dep.version != seen[i]) {
          return true;
        }
      }
      return false;
    }
  }

  private void track(Node node) {
    Tracker t = tracking;
    if (t != null) {
      t.record(node);
    }
  }

  private final class RefSource<T> extends Node implements Source<T> {
    private T value;

    RefSource(T initial) {
      this.value = initial;
    }

    @Override
    void refresh() {}

    @Override
    public T read() {
      track(this);
      return value;
    }

    @Override
    public void write(T next) {
      if (next.equals(value)) {
        return;
      }
      value = next;
      version = ++versionClock;
      epoch++;
      if (batchDepth == 0) {
        flush();
      }
    }
  }

  private final class RefComputed<T> extends Node implements Computed<T> {
    private final Supplier<T> fn;
    private @Nullable T value;
    private Tracker tracker = new Tracker();
    private boolean initialized;
    private long checkedEpoch;

    RefComputed(Supplier<T> fn) {
      this.fn = fn;
    }

    @Override
    void refresh() {
      if (initialized && checkedEpoch == epoch) {
        return;
      }
      if (!initialized || tracker.stale()) {
        Tracker saved = tracking;
        Tracker next = new Tracker();
        tracking = next;
        T result;
        try {
          result = fn.get();
        } finally {
          tracking = saved;
        }
        tracker = next;
        if (!initialized || !result.equals(value)) {
          version = ++versionClock;
        }
        value = result;
        initialized = true;
      }
      checkedEpoch = epoch;
    }

    @Override
    public T read() {
      refresh();
      track(this);
      T v = value;
      if (v == null) {
        throw new IllegalStateException("computed has no value");
      }
      return v;
    }
  }

  private final class RefEffect {
    private final Runnable fn;
    Tracker tracker = new Tracker();

    RefEffect(Runnable fn) {
      this.fn = fn;
    }

    void run() {
      Tracker saved = tracking;
      Tracker next = new Tracker();
      tracking = next;
      try {
        fn.run();
      } finally {
        tracking = saved;
        tracker = next;
      }
    }
  }
}
