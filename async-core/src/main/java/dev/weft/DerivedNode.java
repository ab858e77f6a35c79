package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A lazy, cached derived value ({@code derived} with equality cut-off, {@code memoized} without).
 *
 * <p>Freshness: a watched derived (one with subscribers) is told by propagation when a source may
 * have changed (DIRTY/PENDING flags). An unwatched one is not in its sources' subscriber lists at all
 * (so it can be garbage collected while they live); it remembers the graph's {@link
 * Kernel#globalVersion} at which it was last known fresh in {@link #stamp}, and when that moved on, it
 * compares its dependencies' versions before deciding to recompute.
 *
 * <p>Threads: {@link #value} and {@link #stamp} are volatile for the lock-free read path (stamp is
 * written after value); everything else is guarded by the graph lock.
 */
final class DerivedNode<T> extends Consumer implements Derived<T> {
  private final Supplier<? extends T> fn;
  private final Equality<Object> equality;
  private final @Nullable String name;
  /** T or a {@link Failure}; null before the first computation. */
  private volatile @Nullable Object value;
  /** The global version at which {@link #value} was last known fresh; -1 when unknown. */
  private volatile long stamp = -1;

  // Written under the lock with release stores: the lock-free reader (volatile reads of stamp, then
  // value) needs only the publication order value-before-stamp, not the StoreLoad fence a volatile
  // store costs on every check of every node.
  private static final VarHandle VALUE;
  private static final VarHandle STAMP;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      VALUE = lookup.findVarHandle(DerivedNode.class, "value", Object.class);
      STAMP = lookup.findVarHandle(DerivedNode.class, "stamp", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The flags that decide freshness: a watched, computed node with none of the others is clean. */
  private static final int FRESH_MASK = COMPUTING | DIRTY | PENDING | RECHECK | WATCHED | HAS_VALUE;

  @SuppressWarnings("unchecked")
  DerivedNode(Kernel kernel, Supplier<? extends T> fn, Equality<?> equality, @Nullable String name) {
    super(kernel);
    this.fn = Objects.requireNonNull(fn, "fn");
    this.equality = (Equality<Object>) equality;
    this.name = name;
  }

  @Override
  public T get() {
    Kernel k = kernel;
    if (k.heldByCurrentThread()) {
      // Watched and clean is the common case inside a computation: one test of the flags here, so
      // that this stays small enough to inline into the reading function. Everything else goes
      // through checkState. Skipping it leaves the stamp behind (checkState would advance it for a
      // clean watched node); that only sends a later read from outside the lock to refresh().
      if ((flags & FRESH_MASK) != (WATCHED | HAS_VALUE)) {
        refresh();
      }
      Consumer sub = k.activeSub;
      if (sub != null) {
        k.track(this, sub);
      }
      return Failure.unwrap(current());
    }
    AsyncFrame frame = k.currentFrame();
    if (frame != null) {
      k.lock.lock();
      try {
        refresh();
        frame.track(this);
        return Failure.unwrap(current());
      } finally {
        k.lock.unlock();
      }
    }
    return readFresh();
  }

  @Override
  public T peek() {
    if (kernel.heldByCurrentThread()) {
      refresh();
      return Failure.unwrap(current());
    }
    return readFresh();
  }

  /** Untracked read from a thread that does not hold the lock. */
  private T readFresh() {
    Kernel k = kernel;
    if (stamp == k.globalVersion) {
      return Failure.unwrap(current());
    }
    k.enterForRead(this);
    try {
      refresh();
      return Failure.unwrap(current());
    } finally {
      k.exit();
    }
  }

  private Object current() {
    return Objects.requireNonNull(value);
  }

  @Override
  int checkState() {
    int f = flags;
    if ((f & COMPUTING) != 0) {
      throw cycle();
    }
    if ((f & HAS_VALUE) == 0 || (f & (DIRTY | RECHECK)) != 0) {
      return RECOMPUTE;
    }
    Kernel k = kernel;
    if ((f & WATCHED) != 0) {
      if ((f & PENDING) != 0) {
        return CHECK;
      }
      long gv = k.globalVersion; // flags are exact for a watched node: fresh until marked again
      if (stamp != gv) {
        STAMP.setRelease(this, gv);
      }
      return CLEAN;
    }
    return stamp == k.globalVersion ? CLEAN : CHECK;
  }

  private CycleException cycle() {
    return new CycleException(describe() + " reads itself (directly or through other derived"
        + " values): a derived value cannot depend on its own value; break the cycle, e.g. keep"
        + " the state in a signal and update it from an effect");
  }

  @Override
  void refresh() {
    int state = checkState();
    if (state != CLEAN) {
      refresh(state);
    }
  }

  @Override
  void refresh(int state) {
    beginCheck(0);
    boolean recompute = false;
    try {
      recompute = state == RECOMPUTE || kernel.depsChanged(this);
    } catch (Throwable t) {
      abortCheck();
      throw t;
    }
    endCheck(recompute);
  }

  @Override
  void beginCheck(int mark) {
    flags |= COMPUTING | mark;
  }

  @Override
  void endCheck(boolean recompute) {
    boolean done = false;
    try {
      if (recompute) {
        DeepComputation deep = computeOnce();
        if (deep != null) {
          recomputeAfter(deep);
        }
      }
      done = true;
    } finally {
      if (done) {
        flags &= ~(COMPUTING | DIRTY | PENDING | RECHECK | RETURN_LINKED);
        STAMP.setRelease(this, kernel.globalVersion);
      } else { // aborted (trampoline, failing equality, fatal error): recomputed on the next read
        abortCheck();
      }
    }
  }

  @Override
  void abortCheck() {
    flags = (flags & ~(COMPUTING | DIRTY | PENDING | RETURN_LINKED)) | RECHECK;
    STAMP.setRelease(this, -1L);
  }

  /**
   * Runs the function once, tracked, and stores the result (or its failure), bounding stack use:
   * nested deeper than {@link Kernel#MAX_COMPUTE_DEPTH}, it unwinds to the outermost computation,
   * which gets the unwind back to compute {@link DeepComputation#first} first and retry ({@link
   * #recomputeAfter}; each retry goes deeper, so it ends).
   *
   * <p>One method rather than a trampoline loop around a tracked run around the function: every
   * frame between a derived and the derived it reads counts against the JIT's inline depth limit
   * (MaxInlineLevel, 15), and with four frames per level {@code -XX:+PrintInlining} showed the read
   * of a source two deriveds down from a check compiled as a call ("inlining too deep").
   *
   * @return null, or at the outermost depth the unwind to handle
   */
  private @Nullable DeepComputation computeOnce() {
    Kernel k = kernel;
    int depth = k.computeDepth;
    if (depth >= Kernel.MAX_COMPUTE_DEPTH) {
      throw unwind(k);
    }
    Consumer prev = k.activeSub;
    k.activeSub = this;
    k.computeDepth = depth + 1;
    Kernel.startTracking(this);
    Object next;
    try {
      T result = fn.get();
      DeepComputation swallowed = k.unwinding;
      if (swallowed != null) {
        throw swallowed; // the function caught the unwind: its result is not to be trusted
      }
      next = result != null ? result : nullResult();
    } catch (Throwable t) {
      Failure.rethrowIfFatal(t);
      // The unwind, or another exception the function turned it into: pass it on to depth zero.
      DeepComputation deep = t instanceof DeepComputation d ? d : k.unwinding;
      if (deep != null) {
        if (depth > 0) {
          throw deep;
        }
        return deep;
      }
      next = new Failure(t);
      k.cachedFailure(t);
    } finally {
      k.computeDepth = depth;
      k.endTracking(this);
      k.activeSub = prev;
    }
    Object old = value;
    if ((flags & HAS_VALUE) == 0 || old == null || !same(old, next)) {
      VALUE.setRelease(this, next);
      version++;
      flags |= HAS_VALUE;
    }
    return null;
  }

  /** The outermost computation after an unwind: computes the deep node first, then retries. */
  private void recomputeAfter(DeepComputation deep) {
    do {
      kernel.unwinding = null;
      deep.first.refresh();
      deep = computeOnce();
    } while (deep != null);
  }

  private DeepComputation unwind(Kernel k) {
    DeepComputation deep = new DeepComputation(this);
    k.unwinding = deep;
    return deep;
  }

  private Failure nullResult() {
    return new Failure(new NullPointerException(describe() + " returned null: derived values are"
        + " never null; return Optional.empty() or a sentinel instead"));
  }

  private boolean same(Object current, Object next) {
    if (current instanceof Failure || next instanceof Failure) {
      return false;
    }
    return equality.equal(current, next);
  }

  @Override
  public void invalidate() {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(this::invalidate);
      return;
    }
    try {
      flags |= DIRTY;
      stamp = -1;
      k.propagate(this, PENDING);
    } finally {
      k.exit();
    }
  }

  @Override
  public Subscription subscribe(java.util.function.Consumer<? super T> consumer) {
    return EffectNode.subscribe(kernel, this, consumer);
  }

  @Override
  boolean onNotify() {
    return true;
  }

  @Override
  boolean forbidsWrites() {
    return true;
  }

  @Override
  void onWatched() {
    flags |= WATCHED;
    kernel.watchChanged(this);
  }

  @Override
  void onUnwatched() {
    flags &= ~WATCHED;
    kernel.watchChanged(this);
  }

  @Override
  String describe() {
    return name != null ? "derived '" + name + "'" : "derived@" + Integer.toHexString(hashCode());
  }

  @Override
  public String toString() {
    Object v = value;
    return "Derived[" + (name != null ? name + ", " : "")
        + (v == null ? "not computed" : v instanceof Failure f ? "failed: " + f.error : v) + "]";
  }
}
