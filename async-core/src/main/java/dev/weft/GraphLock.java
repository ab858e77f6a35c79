package dev.weft;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A graph's lock: a {@link ReentrantLock} that also keeps its holder in a plain field of the kernel
 * ({@link KernelTracking#owner}), so that the question every tracked read asks, "does this thread
 * hold the lock?", is one load from the kernel instead of three more through the lock's internals.
 *
 * <p>Why a plain field is enough: {@code owner} is written only by the thread that holds the lock
 * (set after acquiring, cleared before releasing). A thread therefore reads itself there exactly
 * when it holds the lock: its own last write, or, when it does not hold it, either null or another
 * thread, never itself. Any thread may read it; only the holder writes it, as {@link #holds}.
 *
 * <p>Conditions are not supported: waiting on one would release the lock behind the owner field's
 * back, and the kernel never waits under its lock.
 */
final class GraphLock extends ReentrantLock {
  private static final long serialVersionUID = 1L;

  private final transient KernelTracking kernel;
  /** The holder's hold count; written only by the holder. */
  private transient int holds;

  GraphLock(KernelTracking kernel) {
    this.kernel = kernel;
  }

  @Override
  public void lock() {
    super.lock();
    acquired();
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    super.lockInterruptibly();
    acquired();
  }

  @Override
  public boolean tryLock() {
    if (super.tryLock()) {
      acquired();
      return true;
    }
    return false;
  }

  @Override
  public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
    if (super.tryLock(timeout, unit)) {
      acquired();
      return true;
    }
    return false;
  }

  private void acquired() {
    if (holds++ == 0) {
      kernel.owner = Thread.currentThread();
    }
  }

  @Override
  public void unlock() {
    if (!isHeldByCurrentThread()) {
      super.unlock(); // not held by this thread: throws IllegalMonitorStateException
      return;
    }
    if (--holds == 0) {
      kernel.owner = null;
    }
    super.unlock();
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return kernel.owner == Thread.currentThread();
  }

  @Override
  public int getHoldCount() {
    return isHeldByCurrentThread() ? holds : 0;
  }

  /**
   * Not supported; see the class comment.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Condition newCondition() {
    throw new UnsupportedOperationException("a graph lock has no conditions");
  }
}
