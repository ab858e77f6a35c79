package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An async effect: a leaf consumer whose body runs through a task factory, one run at a time. A change
 * during a run either cancels it and reruns ({@link AsyncEffect.Supersede#CANCEL}) or reruns once after
 * it ({@link AsyncEffect.Supersede#QUEUE}, coalescing any number of changes). Failures go to the graph's
 * error handler, wrapped in a {@link NodeException} naming the effect.
 *
 * <p>Threads: guarded by the graph lock. Cleanups registered by a run are handed to the next run, which
 * runs them on its own thread before its body (runs never overlap, so they never race).
 */
final class AsyncEffectNode extends AsyncNode implements AsyncEffect {
  private final Body body;
  private final Supersede policy;
  private boolean rerun;
  private @Nullable List<CompletableFuture<Void>> nextFutures;
  private @Nullable Object cleanups;

  AsyncEffectNode(Kernel kernel, Body body, AsyncEffect.Options options) {
    super(kernel, options.taskFactory().orElse(null), options.name().orElse(null), "asyncEffect");
    this.body = Objects.requireNonNull(body, "body");
    this.policy = options.supersede();
  }

  /** Creates the effect and, unless told otherwise, starts its first run. */
  static AsyncEffectNode create(Kernel k, Body body, AsyncEffect.Options options) {
    Objects.requireNonNull(options, "options");
    AsyncEffectNode e = new AsyncEffectNode(k, body, options);
    k.register(e);
    if (options.callImmediately()) {
      if (!k.enter()) {
        Kernel.defer(() -> e.run());
        return e;
      }
      try {
        e.trigger();
      } finally {
        k.exit();
      }
    }
    return e;
  }

  @Override
  void runQueued() {
    if ((flags & DISPOSED) != 0 || (flags & (DIRTY | PENDING)) == 0) {
      return;
    }
    // Versions, not marks: a dependency that the last run itself pulled fresh (an inline async
    // derived it awaited) marked this effect, yet the run already saw that version.
    boolean changed = current != null || kernel.depsChanged(this);
    flags &= ~(DIRTY | PENDING);
    if (changed) {
      trigger();
    }
  }

  /** Under the lock: start a run now, or after (or instead of) the one in flight. */
  private void trigger() {
    AsyncRun run = current;
    if (run != null && run.bodyReturned) {
      // Its body has returned: what is left of it (committing what it read, starting the rerun) needs
      // this lock, which we hold. Do it here rather than wait for its thread to come back for the
      // lock and start the rerun: that wait is a thread hand-off (often two, the lock being
      // contended) on every write that arrives while a run is winding down. Runs still never
      // overlap: the body has returned before the rerun starts. The run's thread then finds it is no
      // longer current and only completes its futures and reports its failure (afterFinish).
      current = null;
      if (!run.superseded) {
        kernel.endTracking(this);
      }
      rerun = false;
      run = null;
    }
    if (run == null) {
      startRun();
      return;
    }
    rerun = true;
    if (policy == Supersede.CANCEL) {
      run.supersede();
    }
  }

  @Override
  void beforeRun(AsyncRun run) {
    run.previousCleanups = cleanups;
    cleanups = null;
    run.futures = nextFutures;
    nextFutures = null;
  }

  @Override
  Object body(AsyncRun run) {
    Object previous = run.previousCleanups;
    run.previousCleanups = null; // taken: a run that never gets here hands them back (reclaim)
    Throwable cleanupError = Cleanups.run(previous);
    if (cleanupError != null) {
      kernel.report(new NodeException(describe(), "a cleanup of the previous run threw", cleanupError));
    }
    try {
      body.run();
      return Boolean.TRUE;
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      return new Failure(t);
    }
  }

  /**
   * Under the lock: a run that ended without running its body (its task was dropped, or the factory
   * refused it) still holds the previous run's cleanups; they go back to the node, so that the next
   * run or the disposal runs them instead of losing them.
   */
  private void reclaimCleanups(AsyncRun run) {
    Object unrun = run.previousCleanups;
    if (unrun != null) {
      run.previousCleanups = null;
      cleanups = Cleanups.concat(unrun, cleanups);
    }
  }

  @Override
  void finish(AsyncRun run, Object outcome) {
    reclaimCleanups(run);
    if (!run.superseded && (flags & DISPOSED) == 0) {
      kernel.endTracking(this);
    }
    if ((flags & DISPOSED) != 0) {
      run.cleanupsOnDispose = cleanups; // run in afterFinish, outside the lock
      cleanups = null;
      return;
    }
    if (rerun || run.superseded) {
      rerun = false;
      startRun();
    }
  }

  @Override
  void afterFinish(AsyncRun run, Object outcome) {
    if (run.cleanupsOnDispose != null) {
      Throwable e = Cleanups.run(run.cleanupsOnDispose);
      if (e != null) {
        kernel.report(new NodeException(describe(), "a cleanup threw on dispose", e));
      }
    }
    List<CompletableFuture<Void>> futures = run.futures;
    if (outcome instanceof Failure f && !run.superseded) {
      kernel.report(new NodeException(describe(), "run failed: " + f.error, f.error));
    }
    if (futures == null) {
      return;
    }
    for (CompletableFuture<Void> future : futures) {
      if (run.superseded) {
        future.completeExceptionally(new CancellationException("the run of " + describe()
            + " was superseded by a newer one or the effect was disposed"));
      } else if (outcome instanceof Failure f) {
        future.completeExceptionally(f.error);
      } else {
        future.complete(null);
      }
    }
  }

  @Override
  void died(AsyncRun run, VirtualMachineError fatal) {
    List<CompletableFuture<Void>> futures = run.futures;
    if (futures != null) {
      futures.forEach(f -> kernel.completeLater(f, fatal));
    }
    if (rerun && (flags & DISPOSED) == 0) {
      rerun = false;
      startRun();
    }
  }

  @Override
  void runRejected(AsyncRun run, Throwable error) {
    reclaimCleanups(run);
    kernel.report(error);
    List<CompletableFuture<Void>> futures = run.futures;
    if (futures != null) {
      futures.forEach(f -> f.completeExceptionally(error));
    }
  }

  @Override
  public void addCleanup(Runnable cleanup) {
    Objects.requireNonNull(cleanup, "cleanup");
    Kernel k = kernel;
    k.lock.lock();
    try {
      cleanups = Cleanups.add(cleanups, cleanup);
    } finally {
      k.lock.unlock();
    }
  }

  @Override
  public CompletableFuture<Void> run() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(() -> run().whenComplete((v, e) -> {
        if (e != null) {
          future.completeExceptionally(e);
        } else {
          future.complete(null);
        }
      }));
      return future;
    }
    try {
      if ((flags & DISPOSED) != 0) {
        throw new IllegalStateException(describe() + " is disposed: create a new effect instead");
      }
      if (nextFutures == null) {
        nextFutures = new ArrayList<>(2);
      }
      nextFutures.add(future);
      trigger();
    } finally {
      k.exit();
    }
    return future;
  }

  @Override
  public void dispose() {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(this::dispose);
      return;
    }
    Object idleCleanups = null;
    List<CompletableFuture<Void>> pending;
    try {
      if (!markDisposed()) { // supersedes a run in flight; its cleanups run when it ends
        return;
      }
      rerun = false;
      pending = nextFutures;
      nextFutures = null;
      if (current == null) {
        idleCleanups = cleanups;
        cleanups = null;
      }
    } finally {
      k.exit();
    }
    if (pending != null) {
      pending.forEach(f -> f.completeExceptionally(
          new CancellationException(describe() + " was disposed before this run started")));
    }
    Throwable e = Cleanups.run(idleCleanups);
    if (e != null) {
      k.report(new NodeException(describe(), "a cleanup threw on dispose", e));
    }
  }

  @Override
  String describe() {
    return "async effect '" + name + "'";
  }

  @Override
  public String toString() {
    return "AsyncEffect[" + name + (current != null ? ", running" : "") + "]";
  }
}
