package dev.weft;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What async derived values and async effects share: a consumer of the kernel whose body runs through
 * a {@link TaskFactory}, one run at a time. Always watched (subscribed to its sources), so that a
 * change during a run is noticed at once and supersedes it.
 *
 * <p>Threads: fields guarded by the graph lock, except what {@link AsyncRun} documents.
 */
abstract class AsyncNode extends Consumer implements CleanupOwner, LiveNode {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  final TaskFactory factory;
  final String name;
  /** The run in flight (possibly superseded and ending); null when idle. */
  @Nullable AsyncRun current;
  // Guarded by the graph's LiveNodes lock, not the graph lock.
  private @Nullable LiveNode livePrev;
  private @Nullable LiveNode liveNext;

  AsyncNode(Kernel kernel, @Nullable TaskFactory factory, @Nullable String name, String kind) {
    super(kernel);
    this.factory = factory != null ? factory : kernel.taskFactory;
    this.name = name != null ? name : kind + "-" + SEQUENCE.incrementAndGet();
    this.flags = WATCHED;
    kernel.asyncUsed = true;
  }

  final boolean isCurrent(AsyncRun run) {
    return current == run;
  }

  /** Accepts a cleanup from the running body; only effects support it. */
  @Override
  public void addCleanup(Runnable cleanup) {
    throw new IllegalStateException("onCleanup() is for effect bodies; " + describe()
        + " is a derived value: release resources inside its body (try/finally)");
  }

  /**
   * Under the lock: marks the node disposed, drops its dependencies, supersedes (cancels) the run in
   * flight and forgets it from the graph. Returns false if it was disposed already.
   */
  final boolean markDisposed() {
    if ((flags & DISPOSED) != 0) {
      return false;
    }
    flags |= DISPOSED;
    kernel.dropDeps(this);
    flags &= ~(WATCHED | DIRTY | PENDING);
    AsyncRun run = current;
    if (run != null) {
      run.supersede();
    }
    kernel.live.remove(this);
    return true;
  }

  @Override
  public final @Nullable LiveNode livePrev() {
    return livePrev;
  }

  @Override
  public final void livePrev(@Nullable LiveNode prev) {
    livePrev = prev;
  }

  @Override
  public final @Nullable LiveNode liveNext() {
    return liveNext;
  }

  @Override
  public final void liveNext(@Nullable LiveNode next) {
    liveNext = next;
  }

  /** Whether the node is disposed (for the {@code Disposable} subtypes). */
  @Override
  public boolean isDisposed() {
    return (flags & DISPOSED) != 0;
  }

  @Override
  boolean onNotify() {
    kernel.enqueue(this);
    return false;
  }

  /** Whether a source really changed since the last run started (under the lock; clears PENDING). */
  final boolean sourcesChanged() {
    int f = flags;
    if ((f & DIRTY) != 0) {
      return true;
    }
    if ((f & PENDING) != 0) {
      if (kernel.depsChanged(this)) {
        return true;
      }
      flags &= ~PENDING;
    }
    return false;
  }

  /**
   * Starts a run through the factory (under the lock). The body runs on the factory's thread; a
   * factory that runs it inline (on this thread) completes it before this returns.
   */
  final AsyncRun startRun() {
    AsyncRun run = new AsyncRun(this);
    current = run;
    flags &= ~(DIRTY | PENDING);
    Kernel.startTracking(this);
    beforeRun(run);
    Task task;
    try {
      task = factory.start(new NamedWork(name, () -> execute(run)));
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError fatal) {
        // The run never started: left current, it would keep the node "running" forever and every
        // later demand would wait for it. Nothing is cached; the error goes on to the caller.
        if (current == run) {
          current = null;
          run.superseded = true;
          died(run, fatal);
        }
        throw fatal;
      }
      if (current == run) {
        current = null;
        runRejected(run, new NodeException(describe(), "its task factory refused the run", t));
      }
      return run;
    }
    run.task = java.util.Objects.requireNonNull(task, () -> "task factory " + factory + " returned null");
    if (current == run) {
      kernel.runs.add(task);
      task.done().whenComplete((v, e) -> {
        kernel.runs.remove(task);
        endedWithoutRunning(run);
      });
    }
    if (run.superseded) {
      run.supersede(); // superseded before its task existed: cancel it now
    }
    return run;
  }

  /**
   * A task ended but its run is still current: the factory dropped it without running the body (a
   * task cancelled before its thread started, a scheduler that discards cancelled work). Finish it
   * as cancelled, so the node is never stuck "running" and a superseded run is restarted.
   */
  private void endedWithoutRunning(AsyncRun run) {
    if (run.settled) {
      return; // the usual case: the run ended normally; no need to take the lock to find that out
    }
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(() -> endedWithoutRunning(run));
      return;
    }
    Object outcome = new Failure(new java.util.concurrent.CancellationException(
        "the task factory ended the run of " + describe() + " without running it"));
    try {
      if (current != run) {
        return;
      }
      run.superseded = true;
      run.settled = true;
      current = null;
      finish(run, outcome);
    } finally {
      k.exitReportingErrors();
    }
    afterFinish(run, outcome);
  }

  /** Runs the body on the current thread: tracked through the frame, or through activeSub inline. */
  private void execute(AsyncRun run) {
    Kernel k = kernel;
    Object outcome;
    try {
      if (k.heldByCurrentThread()) { // inline factory: we are inside startRun, under the lock
        Consumer prev = k.activeSub;
        k.activeSub = this;
        try {
          outcome = body(run);
        } finally {
          k.activeSub = prev;
        }
      } else {
        outcome = ScopedValue.where(Kernel.FRAME, run).call(() -> body(run));
      }
    } catch (VirtualMachineError fatal) {
      runDied(run, fatal);
      throw fatal;
    }
    run.bodyReturned = true;
    if (run.superseded) {
      Thread.interrupted(); // the interrupt was ours; do not leak it into what runs next here
    }
    if (!k.enter()) {
      throw new IllegalStateException("async run of " + describe() + " ended holding another graph's lock");
    }
    try {
      run.settled = true;
      if (current == run) {
        current = null;
        finish(run, outcome);
      }
    } finally {
      k.exitReportingErrors();
    }
    afterFinish(run, outcome);
  }

  /**
   * A JVM-fatal error ended the run: the node must not stay "running", and nothing is cached; the
   * error goes on propagating on the run's thread (and to an inline caller).
   */
  private void runDied(AsyncRun run, VirtualMachineError fatal) {
    Kernel k = kernel;
    if (!k.enter()) {
      return;
    }
    try {
      if (current == run) {
        current = null;
        run.superseded = true;
        died(run, fatal);
      }
    } finally {
      k.exitReportingErrors();
    }
  }

  /** Under the lock: the current run died of {@code fatal}; release what waits for it. */
  abstract void died(AsyncRun run, VirtualMachineError fatal);

  /** Calls the user body; returns its value, or a {@link Failure}. JVM-fatal errors propagate. */
  abstract Object body(AsyncRun run);

  /** Under the lock, before the run's task starts. */
  void beforeRun(AsyncRun run) {}

  /** Under the lock: the run ended and was current. Publish or restart. */
  abstract void finish(AsyncRun run, Object outcome);

  /** Without the lock, after {@link #finish}: complete futures, report errors. */
  void afterFinish(AsyncRun run, Object outcome) {}

  /** Under the lock: the factory threw instead of starting the run. */
  abstract void runRejected(AsyncRun run, Throwable error);
}
