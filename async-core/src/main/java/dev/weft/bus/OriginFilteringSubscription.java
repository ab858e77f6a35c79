package dev.weft.bus;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The consumer-side form of {@link SubscribeOption#SKIP_OWN_ORIGIN} for buses that cannot filter at
 * emit time: skips events whose origin is {@link #sessionId}.
 *
 * <p>Threads: the same as the wrapped subscription; this class holds no state of its own beyond the
 * per-iterator look-ahead, which belongs to the iterating thread.
 */
final class OriginFilteringSubscription implements BusSubscription {
  private final BusSubscription delegate;
  private final String sessionId;

  OriginFilteringSubscription(BusSubscription delegate, String sessionId) {
    this.delegate = delegate;
    this.sessionId = sessionId;
  }

  private boolean skipped(ChangeEvent event) {
    return sessionId.equals(event.origin());
  }

  @Override
  public @Nullable ChangeEvent poll(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + LocalSubscription.toNanos(timeout);
    while (true) {
      long remaining = deadline - System.nanoTime();
      ChangeEvent event = delegate.poll(Duration.ofNanos(Math.max(0, remaining)));
      if (event == null || !skipped(event)) {
        return event;
      }
    }
  }

  @Override
  public Iterator<ChangeEvent> iterator() {
    Iterator<ChangeEvent> it = delegate.iterator();
    return new Iterator<>() {
      private @Nullable ChangeEvent next;

      @Override
      public boolean hasNext() {
        while (next == null && it.hasNext()) {
          ChangeEvent event = it.next();
          if (!skipped(event)) {
            next = event;
          }
        }
        return next != null;
      }

      @Override
      public ChangeEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the subscription has ended");
        }
        ChangeEvent event = Objects.requireNonNull(next);
        next = null;
        return event;
      }
    };
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate + " (skipping origin " + sessionId + ")";
  }
}
