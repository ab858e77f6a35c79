package dev.weft.reactor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/** A scheduler decorator that counts the workers created and not yet disposed. */
final class CountingScheduler implements Scheduler {
  private final Scheduler delegate;
  final AtomicInteger created = new AtomicInteger();
  final AtomicInteger live = new AtomicInteger();

  CountingScheduler(Scheduler delegate) {
    this.delegate = delegate;
  }

  @Override
  public Disposable schedule(Runnable task) {
    return delegate.schedule(task);
  }

  @Override
  public Worker createWorker() {
    Worker worker = delegate.createWorker();
    created.incrementAndGet();
    live.incrementAndGet();
    return new Worker() {
      private final AtomicInteger disposed = new AtomicInteger();

      @Override
      public Disposable schedule(Runnable task) {
        return worker.schedule(task);
      }

      @Override
      public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return worker.schedule(task, delay, unit);
      }

      @Override
      public void dispose() {
        if (disposed.getAndIncrement() == 0) {
          live.decrementAndGet();
        }
        worker.dispose();
      }

      @Override
      public boolean isDisposed() {
        return worker.isDisposed();
      }
    };
  }

  @Override
  public void dispose() {
    delegate.dispose();
  }

  @Override
  public boolean isDisposed() {
    return delegate.isDisposed();
  }

  @Override
  public String toString() {
    return "counting(" + delegate + ")";
  }
}
