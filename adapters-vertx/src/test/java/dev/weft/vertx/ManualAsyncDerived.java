package dev.weft.vertx;

import dev.weft.AsyncDerived;
import dev.weft.AsyncState;
import java.util.concurrent.CompletableFuture;

/**
 * A hand-driven {@link AsyncDerived} for bridge tests that must not depend on the graph kernel: {@link
 * #toFuture()} hands out one future that the test completes.
 */
final class ManualAsyncDerived<T> implements AsyncDerived<T> {
  private final CompletableFuture<T> next = new CompletableFuture<>();
  private final CompletableFuture<Void> requested = new CompletableFuture<>();

  void complete(T value) {
    next.complete(value);
  }

  void fail(Throwable error) {
    next.completeExceptionally(error);
  }

  /** Completes once someone asked for the next value. */
  CompletableFuture<Void> requested() {
    return requested;
  }

  @Override
  public T await() {
    return next.join();
  }

  @Override
  public CompletableFuture<T> toFuture() {
    requested.complete(null);
    return next;
  }

  @Override
  public AsyncState<T> state() {
    return new AsyncState.Idle<>();
  }

  @Override
  public void invalidate() {}

  @Override
  public void dispose() {}

  @Override
  public boolean isDisposed() {
    return false;
  }
}
