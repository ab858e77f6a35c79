package dev.weft.bus;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One subscriber's view of a scope: a bounded queue read by blocking iteration (natural on a virtual
 * thread) or by {@link #poll(Duration)}. Iteration ends after {@link #close()} (or the bus closing the
 * scope) once the events already queued have been delivered.
 */
public interface BusSubscription extends Iterable<ChangeEvent>, AutoCloseable {

  /**
   * Returns the next event, waiting up to {@code timeout}; null on timeout.
   *
   * @throws IllegalStateException if the subscription is closed and its queue is drained
   * @throws java.util.concurrent.CancellationException if the waiting thread is interrupted (its
   *     interrupt status is kept)
   */
  @Nullable ChangeEvent poll(Duration timeout);

  /** Removes the subscriber; calls the subscription's {@code onDisconnect} once. Idempotent. */
  @Override
  void close();
}
