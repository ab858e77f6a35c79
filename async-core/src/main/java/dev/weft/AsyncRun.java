package dev.weft;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One run of an async node: the frame its body's reads are tracked into while it runs on its own
 * thread. A run whose node has moved on ({@link #superseded}) tracks nothing and publishes nothing.
 *
 * <p>Threads: {@link #superseded} and {@link #task} are written under the graph lock; {@code
 * superseded} is volatile so the run thread can poll it without the lock. {@link #bodyReturned} is
 * written by the run's thread without the lock and read under it by writers; {@link #settled} is
 * written under the lock and read without it by the task's {@code done()} callback.
 */
final class AsyncRun implements AsyncFrame, CleanupOwner {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  final AsyncNode owner;
  final int id = SEQUENCE.incrementAndGet();
  volatile boolean superseded;
  /**
   * The body has returned (not died): only the run's bookkeeping is left, which a writer holding the
   * lock may do instead of waiting for the run's thread to come back for the lock.
   */
  volatile boolean bodyReturned;
  /** The run has ended and the node has handled it (finished it, or found it superseded). */
  volatile boolean settled;
  @Nullable Task task;
  /**
   * Effects only: cleanups of the previous run, run on this run's thread before its body. Set under
   * the lock before the task starts; taken by the body on the run's thread; if the body never runs,
   * handed back to the node under the lock once the task has ended (its end orders the two).
   */
  @Nullable Object previousCleanups;
  /** Effects only: cleanups registered by this run when the effect was disposed during it. */
  @Nullable Object cleanupsOnDispose;
  /** Effects only: futures returned by {@code run()} that this run completes. */
  @Nullable List<CompletableFuture<Void>> futures;

  AsyncRun(AsyncNode owner) {
    this.owner = owner;
  }

  @Override
  public Kernel kernel() {
    return owner.kernel;
  }

  /**
   * {@inheritDoc}
   *
   * @throws java.util.concurrent.CancellationException if the run was superseded: a write (or batch)
   *     that changed something this run read already happened, so a value read now could be from
   *     after that write while the earlier reads are from before it, a mix the body must never see
   *     (its result is dropped anyway)
   */
  @Override
  public void track(Node dep) {
    if (superseded) {
      throw new java.util.concurrent.CancellationException(
          "this run of " + owner.describe() + " was superseded by a change to what it read");
    }
    if (owner.isCurrent(this)) {
      owner.kernel.track(dep, owner);
    }
  }

  @Override
  public void addCleanup(Runnable cleanup) {
    owner.addCleanup(cleanup);
  }

  /** Marks the run stale and asks its task to stop. Under the lock. */
  void supersede() {
    superseded = true;
    Task t = task;
    if (t != null) {
      try {
        t.cancel();
      } catch (Throwable e) {
        Failure.rethrowIfFatal(e);
        owner.kernel.report(new NodeException(owner.describe(), "its task factory's cancel() threw", e));
      }
    }
  }
}
