package dev.weft.reactor;

import dev.weft.AsyncDerived;
import dev.weft.AsyncState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link AsyncDerived} whose {@link #toFuture()} hands every caller the same future, the worst case
 * for a bridge that would cancel what it is given. Counts the calls.
 */
final class FakeAsyncDerived<T> implements AsyncDerived<T> {
  final CompletableFuture<T> shared = new CompletableFuture<>();
  final AtomicInteger toFutureCalls = new AtomicInteger();
  private final AtomicBoolean disposed = new AtomicBoolean();

  @Override
  public T await() {
    return shared.join();
  }

  @Override
  public CompletableFuture<T> toFuture() {
    toFutureCalls.incrementAndGet();
    return shared;
  }

  @Override
  public AsyncState<T> state() {
    return new AsyncState.Idle<>();
  }

  @Override
  public void invalidate() {}

  @Override
  public void dispose() {
    disposed.set(true);
  }

  @Override
  public boolean isDisposed() {
    return disposed.get();
  }
}
