package dev.weft;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * An async derived value. Its value is a node of the kernel (dependents track {@link #await()} and are
 * notified when a run publishes a new value); its {@link AsyncState} is a second node, so "loading"
 * can be rendered without treating every run start as a value change.
 *
 * <p>Demand: a run starts on {@code await}/{@code toFuture}, or when the node is watched (an effect
 * awaits it or reads its state) and stale. A stale node that nobody watches stays stale (DIRTY) until
 * asked. A change during a run supersedes it; the rerun starts when the stale run has ended.
 *
 * <p>Threads: guarded by the graph lock; awaiters wait on {@link #fresh} without it.
 */
final class AsyncDerivedNode<T> extends AsyncNode implements AsyncDerived<T> {
  private final Callable<? extends T> body;
  private final Equality<Object> equality;
  private final StateNode state;
  /** T or a {@link Failure}; null before the first publication. */
  private @Nullable Object value;
  private @Nullable T lastGood;
  /** Completed (outside the lock) each time a run publishes; then replaced. */
  private CompletableFuture<Void> fresh = new CompletableFuture<>();

  AsyncDerivedNode(Kernel kernel, Callable<? extends T> body, AsyncDerived.Options options) {
    super(kernel, options.taskFactory().orElse(null), options.name().orElse(null), "asyncDerived");
    this.body = Objects.requireNonNull(body, "body");
    this.equality = options.equality();
    this.state = new StateNode(kernel);
    this.flags |= DIRTY; // never computed
  }

  /** The state as a node of its own; watching it makes the async derived hot. */
  private final class StateNode extends SignalNode<AsyncState<T>> {
    StateNode(Kernel kernel) {
      super(kernel, new AsyncState.Idle<>(), Equality.equals());
    }

    @Override
    void onWatched() {
      demandIfStale();
    }

    @Override
    String describe() {
      return "state of " + AsyncDerivedNode.this.describe();
    }
  }

  private boolean hot() {
    return subs != null || state.subs != null;
  }

  @Override
  void onWatched() {
    demandIfStale();
  }

  /** Under the lock: a watcher arrived; if the value is stale, queue a run for the next flush. */
  private void demandIfStale() {
    if (current == null && (flags & DISPOSED) == 0
        && (value == null || (flags & (DIRTY | PENDING)) != 0)) {
      flags |= DIRTY; // PENDING: runQueued checks the versions before running
      kernel.enqueue(this);
    }
  }

  /**
   * Queues itself (a watched stale node runs at the flush) and passes PENDING on, so that what reads
   * it (a sync derived over it, an effect awaiting it) checks it in the pull phase.
   */
  @Override
  boolean onNotify() {
    kernel.enqueue(this);
    return true;
  }

  /** Pull phase: settled means up to date; otherwise {@link #refresh()} starts a run. */
  @Override
  int checkState() {
    return settled() ? CLEAN : RECOMPUTE;
  }

  /**
   * Pull phase (under the lock): starts a run if stale and none is in flight. An inline factory
   * completes it before this returns, so the reader sees the new version; other factories publish
   * later, and the publication notifies the reader then.
   */
  @Override
  void refresh() {
    if ((flags & DISPOSED) == 0 && current == null
        && (value == null || sourcesChanged() || !asyncDepsSettled())) {
      startRun();
    }
  }

  @Override
  void queuedRunAbandoned() {
    flags = (flags & ~PENDING) | DIRTY; // stays stale; a leaf for propagation, so nothing is blocked
  }

  @Override
  void runQueued() {
    if ((flags & DISPOSED) != 0 || !sourcesChanged()) {
      return;
    }
    if (current != null) {
      flags &= ~(DIRTY | PENDING);
      current.supersede(); // restarted in finish()
    } else if (hot()) {
      startRun();
    } else {
      // Confirmed stale, and nobody asks: stays DIRTY until someone does (demandIfStale, await).
      flags = (flags & ~PENDING) | DIRTY;
    }
  }

  private boolean isFresh() {
    if (value == null || current != null || (flags & DISPOSED) != 0) {
      return false;
    }
    return !sourcesChanged() && asyncDepsSettled();
  }

  /**
   * Whether no async derived this one awaited is being recomputed or stale. Such a dependency does
   * not notify this node until it publishes (so effects awaiting it rerun once, with the new value),
   * but an awaiter of this node must not get a value computed from its outdated result.
   */
  private boolean asyncDepsSettled() {
    for (Link l = deps; l != null; l = l.nextDep) {
      if (l.dep instanceof AsyncDerivedNode<?> dep && !dep.settled()) {
        return false;
      }
    }
    return true;
  }

  private boolean settled() {
    return value != null && current == null && (flags & (DIRTY | PENDING)) == 0 && asyncDepsSettled();
  }

  @Override
  void beforeRun(AsyncRun run) {
    state.commit(new AsyncState.Loading<>(Optional.ofNullable(lastGood)));
  }

  @Override
  Object body(AsyncRun run) {
    try {
      T result = body.call();
      return result != null ? result : new Failure(new NullPointerException(describe()
          + " returned null: async derived values are never null; return Optional.empty() or a"
          + " sentinel instead"));
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      return new Failure(t);
    }
  }

  @Override
  void died(AsyncRun run, VirtualMachineError fatal) {
    flags |= DIRTY; // not cached: the next demand runs the body again
    state.commit(new AsyncState.Failed<>(fatal, Optional.ofNullable(lastGood)));
    CompletableFuture<Void> waiting = fresh;
    fresh = new CompletableFuture<>();
    kernel.completeLater(waiting, fatal); // the current awaiters get it once
  }

  @Override
  void finish(AsyncRun run, Object outcome) {
    if ((flags & DISPOSED) != 0) {
      return;
    }
    if (run.superseded) {
      startRun(); // a source changed during the run: its result is stale, never published
      return;
    }
    kernel.endTracking(this);
    if ((flags & (DIRTY | PENDING)) != 0) {
      // Marked during the run. Compare versions: a dependency this run itself pulled fresh (and read
      // afterwards) marked it too, but the links already hold the versions the run saw.
      boolean changed = kernel.depsChanged(this);
      flags &= ~(DIRTY | PENDING);
      if (changed) {
        startRun();
        return;
      }
    }
    publish(outcome);
  }

  @Override
  void runRejected(AsyncRun run, Throwable error) {
    publish(new Failure(error));
  }

  /** Under the lock: stores the outcome, notifies dependents if it changed, wakes awaiters. */
  @SuppressWarnings("unchecked")
  private void publish(Object outcome) {
    Object old = value;
    boolean changed = old == null || old instanceof Failure || outcome instanceof Failure
        || !equality.equal(old, outcome);
    if (changed) {
      value = outcome;
      version++;
      kernel.propagate(this, DIRTY);
    }
    if (outcome instanceof Failure f) {
      state.commit(new AsyncState.Failed<>(f.error, Optional.ofNullable(lastGood)));
    } else {
      lastGood = (T) outcome;
      state.commit(new AsyncState.Ready<>((T) outcome));
    }
    CompletableFuture<Void> done = fresh;
    fresh = new CompletableFuture<>();
    kernel.completeLater(done);
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  @Override
  public T await() {
    while (true) {
      Kernel k = kernel;
      if (!k.enter()) {
        throw new IllegalStateException("await() of " + describe() + " inside a computation of"
            + " another graph would block that graph; await outside, or use an async effect");
      }
      CompletableFuture<Void> waitFor;
      Object outcome = null;
      try {
        checkNotDisposed();
        // The read is tracked when a fresh value is returned, with that value's version: tracked
        // before waiting, the publication this awaiter waits for would look like a change to it.
        if (isFresh()) {
          trackRead();
          outcome = value;
        } else {
          if (current == null) {
            startRun();
          }
          if (isFresh()) { // an inline factory finished the run already
            trackRead();
            outcome = value;
          } else if (k.activeSub != null || k.lock.getHoldCount() > 1) {
            throw new IllegalStateException("await() of " + describe() + " inside a sync"
                + " derived, effect or batch would block graph '" + k.name + "' until the run on"
                + " another thread ends; read state() there instead, or await in an async effect");
          }
        }
        waitFor = fresh;
      } finally {
        k.exit();
      }
      if (outcome != null) {
        return unwrap(outcome);
      }
      try {
        waitFor.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException c = new CancellationException(
            "interrupted while awaiting " + describe() + "; the shared run goes on for other awaiters");
        c.initCause(e);
        throw c;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        throw disposedError();
      }
    }
  }

  private void checkNotDisposed() {
    if ((flags & DISPOSED) != 0) {
      throw disposedError();
    }
  }

  private CancellationException disposedError() {
    return new CancellationException(describe() + " is disposed: it computes nothing any more");
  }

  /** Under the lock: tracks this read for the computation running on this thread, if any. */
  private void trackRead() {
    Kernel k = kernel;
    Consumer sub = k.activeSub;
    if (sub != null) {
      k.track(this, sub);
      return;
    }
    AsyncFrame frame = k.currentFrame();
    if (frame != null) {
      frame.track(this);
    }
  }

  @SuppressWarnings("unchecked")
  private T unwrap(Object outcome) {
    if (outcome instanceof Failure f) {
      Throwable e = f.error;
      if (e instanceof RuntimeException || e instanceof Error) {
        throw Failure.sneaky(e);
      }
      throw new CompletionException(describe() + " failed: " + e, e);
    }
    return (T) outcome;
  }

  @Override
  public CompletableFuture<T> toFuture() {
    CompletableFuture<T> target = new CompletableFuture<>();
    deliverWhenFresh(target);
    return target;
  }

  /** Completes {@code target} with the next fresh outcome; never under the lock. */
  @SuppressWarnings("unchecked")
  private void deliverWhenFresh(CompletableFuture<T> target) {
    if (target.isDone()) {
      return;
    }
    Kernel k = kernel;
    Object outcome = null;
    boolean disposed = false;
    if (!k.enter()) {
      Kernel.defer(() -> deliverWhenFresh(target));
      return;
    }
    try {
      if ((flags & DISPOSED) != 0) {
        disposed = true;
      } else if (isFresh()) {
        outcome = value;
      } else {
        if (current == null) {
          startRun();
        }
        if (isFresh()) {
          outcome = value;
        } else {
          fresh.whenComplete((v, e) -> {
            if (e instanceof VirtualMachineError fatal) {
              target.completeExceptionally(fatal);
            } else {
              deliverWhenFresh(target);
            }
          });
        }
      }
    } finally {
      k.exit();
    }
    if (disposed) {
      target.completeExceptionally(disposedError());
    } else if (outcome instanceof Failure f) {
      target.completeExceptionally(f.error);
    } else if (outcome != null) {
      target.complete((T) outcome);
    }
  }

  @Override
  public AsyncState<T> state() {
    return state.get();
  }

  @Override
  public void invalidate() {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(this::invalidate);
      return;
    }
    try {
      if ((flags & DISPOSED) != 0) {
        return;
      }
      flags |= DIRTY;
      if (current != null || hot()) {
        k.enqueue(this);
      }
      // Readers must re-check this node: a marked node stops later propagation passing through it.
      k.propagate(this, PENDING);
    } finally {
      k.exit();
    }
  }

  @Override
  public void dispose() {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(this::dispose);
      return;
    }
    try {
      if (!markDisposed()) {
        return;
      }
      CompletableFuture<Void> waiting = fresh;
      k.completeLater(waiting, new CancellationException(describe() + " was disposed"));
    } finally {
      k.exit();
    }
  }

  @Override
  String describe() {
    return "async derived '" + name + "'";
  }

  @Override
  public String toString() {
    return "AsyncDerived[" + name + ", " + state.peek() + "]";
  }
}
