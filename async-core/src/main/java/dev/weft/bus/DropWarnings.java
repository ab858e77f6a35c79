package dev.weft.bus;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Logs "queue full" warnings at most once per scope per {@link #INTERVAL_NANOS}.
 *
 * <p>Threads: {@link #dropped} runs on emitting threads, many at once. Each scope's {@link Throttle}
 * is created once ({@code computeIfAbsent}); the right to log is won by one CAS on {@link
 * Throttle#nextWarning}, so concurrent drops in one scope log once. Entries outlive their scope's
 * subscribers (so closing and re-subscribing does not reset the throttle); expired entries are pruned
 * when the map grows past {@link #PRUNE_THRESHOLD}.
 */
final class DropWarnings {
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int PRUNE_THRESHOLD = 1024;

  private final LongSupplier nanoClock;
  private final Logger logger;
  private final int maxQueue;
  private final ConcurrentHashMap<String, Throttle> throttles = new ConcurrentHashMap<>();

  /** One scope's throttle state. */
  private static final class Throttle {
    /** The clock value from which the next warning may be logged. */
    final AtomicLong nextWarning;
    /** Drops since the last warning was logged. */
    final LongAdder suppressed = new LongAdder();

    Throttle(long now) {
      this.nextWarning = new AtomicLong(now);
    }
  }

  DropWarnings(LongSupplier nanoClock, Logger logger, int maxQueue) {
    this.nanoClock = nanoClock;
    this.logger = logger;
    this.maxQueue = maxQueue;
  }

  /** Records a drop in {@code scope}; logs a warning unless one was logged for it recently. */
  void dropped(String scope) {
    long now = nanoClock.getAsLong();
    Throttle throttle = throttles.get(scope);
    if (throttle == null) {
      throttle = throttles.computeIfAbsent(scope, k -> new Throttle(now));
    }
    throttle.suppressed.increment();
    long next = throttle.nextWarning.get();
    if (now - next < 0 || !throttle.nextWarning.compareAndSet(next, now + INTERVAL_NANOS)) {
      return;
    }
    long drops = throttle.suppressed.sumThenReset();
    logger.log(
        Level.WARNING,
        () ->
            "bus scope '"
                + scope
                + "': a subscriber's queue is full (maxQueue="
                + maxQueue
                + "), "
                + drops
                + " event cop"
                + (drops == 1 ? "y" : "ies")
                + " dropped since the last warning. Consume faster or raise"
                + " ReactiveBus.builder().maxQueue(...). Next warning for this scope in 10 s at the"
                + " earliest.");
    if (throttles.size() > PRUNE_THRESHOLD) {
      throttles.values().removeIf(t -> now - t.nextWarning.get() >= 0);
    }
  }
}
