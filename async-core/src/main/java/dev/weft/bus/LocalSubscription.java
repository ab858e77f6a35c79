package dev.weft.bus;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.jctools.queues.atomic.MpscChunkedAtomicArrayQueue;
import org.jspecify.annotations.Nullable;

/**
 * One subscriber of a {@link LocalBus}: a bounded multi-producer queue, filled by emitters without
 * blocking and drained by a consumer that parks while it is empty.
 *
 * <p>Who touches what, from which thread:
 *
 * <ul>
 *   <li>{@link #offer} runs on any emitting thread, many at once. It reserves a slot in {@link
 *       #reserved} with a CAS (the exact bound: JCTools rounds capacities up to a power of two), puts
 *       the event in the MPSC {@link #queue}, then unparks {@link #waiter} if set. Lock-free.
 *   <li>{@link #take} runs on consumer threads ({@link #poll} and iterators), serialised by {@link
 *       #consumerLock} because the queue has a single consumer. Only the lock holder polls the queue,
 *       decrements {@link #reserved}, writes {@link #waiter} and parks.
 *   <li>{@link #closeSubscription} runs on any thread (the subscriber, or the bus closing a scope, a
 *       user or itself); {@link #closed} makes it happen once, then it wakes the waiter and calls
 *       {@code onDisconnect} on the closing thread, holding no lock.
 * </ul>
 */
final class LocalSubscription implements BusSubscription {

  /** What became of one offered event. */
  enum Outcome {
    /** Queued for the subscriber. */
    QUEUED,
    /** The queue was full: this subscriber's copy was dropped and counted. */
    DROPPED,
    /** The subscription is closed: the event was not meant for it any more. */
    CLOSED
  }

  /** Chunked queues start this small and grow up to the bound, so idle subscribers stay cheap. */
  private static final int INITIAL_CHUNK = 16;

  private final LocalBus bus;
  private final String scope;
  private final @Nullable ConnectionInfo connection;
  private final @Nullable BiConsumer<String, ConnectionInfo> onDisconnect;
  private final boolean skipOwnOrigin;
  private final int maxQueue;
  private final Queue<ChangeEvent> queue;
  /** Events queued or being queued; never above {@link #maxQueue}. Emitters add, the consumer subtracts. */
  private final AtomicInteger reserved = new AtomicInteger();
  /** Copies dropped for this subscriber because its queue was full. Emitters write, anyone reads. */
  private final AtomicLong dropped = new AtomicLong();
  /** Events handed to the consumer. Written under {@link #consumerLock}, read by anyone. */
  private final AtomicLong delivered = new AtomicLong();
  private final ReentrantLock consumerLock = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The consumer parked (or about to park) waiting for an event; written by the lock holder only. */
  private volatile @Nullable Thread waiter;

  LocalSubscription(
      LocalBus bus,
      String scope,
      @Nullable ConnectionInfo connection,
      @Nullable BiConsumer<String, ConnectionInfo> onDisconnect,
      boolean skipOwnOrigin,
      int maxQueue) {
    this.bus = bus;
    this.scope = scope;
    this.connection = connection;
    this.onDisconnect = onDisconnect;
    this.skipOwnOrigin = skipOwnOrigin;
    this.maxQueue = maxQueue;
    // Both queues have a capacity of at least maxQueue (rounded up to a power of two); the exact bound
    // is enforced by `reserved`, so an offer to them never fails.
    this.queue =
        maxQueue <= INITIAL_CHUNK
            ? new MpscAtomicArrayQueue<>(Math.max(2, maxQueue))
            : new MpscChunkedAtomicArrayQueue<>(INITIAL_CHUNK, maxQueue);
  }

  String scope() {
    return scope;
  }

  @Nullable ConnectionInfo connection() {
    return connection;
  }

  /** Returns whether {@code event} is addressed to this subscriber (audience and origin rules). */
  boolean accepts(ChangeEvent event) {
    ConnectionInfo conn = connection;
    if (event.audience() != null) {
      if (conn == null || conn.userId() == null || !event.audience().contains(conn.userId())) {
        return false;
      }
    }
    return !(skipOwnOrigin && conn != null && conn.sessionId().equals(event.origin()));
  }

  /** Queues {@code event} unless the queue is full or the subscription closed. Never blocks. */
  Outcome offer(ChangeEvent event) {
    if (closed.get()) {
      return Outcome.CLOSED;
    }
    int n;
    do {
      n = reserved.get();
      if (n >= maxQueue) {
        dropped.incrementAndGet();
        return Outcome.DROPPED;
      }
    } while (!reserved.compareAndSet(n, n + 1));
    if (!queue.offer(event)) { // unreachable: capacity >= maxQueue >= reserved
      reserved.decrementAndGet();
      dropped.incrementAndGet();
      return Outcome.DROPPED;
    }
    // Dekker with take(): the consumer publishes `waiter` then re-polls; we publish the element then
    // read `waiter`. The queue stores elements with release semantics only, so fence before the read.
    VarHandle.fullFence();
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
    return Outcome.QUEUED;
  }

  @Override
  public @Nullable ChangeEvent poll(Duration timeout) {
    long nanos = toNanos(Objects.requireNonNull(timeout, "timeout"));
    long deadline = System.nanoTime() + nanos;
    try {
      if (!consumerLock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
        return null; // another consumer of this subscription held it for the whole timeout
      }
    } catch (InterruptedException e) {
      throw interrupted();
    }
    try {
      ChangeEvent event = take(deadline, true);
      if (event == null && closed.get() && queue.isEmpty()) {
        throw new IllegalStateException(
            "the subscription to scope '" + scope + "' is closed and drained; subscribe again");
      }
      return event;
    } finally {
      consumerLock.unlock();
    }
  }

  /** Blocks until the next event; null once the subscription is closed and drained. */
  private @Nullable ChangeEvent takeBlocking() {
    try {
      consumerLock.lockInterruptibly();
    } catch (InterruptedException e) {
      throw interrupted();
    }
    try {
      return take(0, false);
    } finally {
      consumerLock.unlock();
    }
  }

  /**
   * The consumer loop; the caller holds {@link #consumerLock}. Returns the next event, or null when
   * closed and drained, or (if {@code timed}) when {@code deadline} passed.
   */
  private @Nullable ChangeEvent take(long deadline, boolean timed) {
    Thread me = Thread.currentThread();
    while (true) {
      ChangeEvent event = queue.poll();
      if (event == null) {
        if (closed.get()) {
          event = queue.poll(); // an emit may have completed just before close
          if (event == null) {
            return null;
          }
        } else {
          waiter = me;
          event = queue.poll(); // re-check after publishing `waiter` (see offer)
          if (event == null && !closed.get()) {
            if (me.isInterrupted()) {
              waiter = null;
              throw interrupted();
            }
            long remaining = deadline - System.nanoTime();
            if (timed && remaining <= 0) {
              waiter = null;
              return null;
            }
            if (timed) {
              LockSupport.parkNanos(this, remaining);
            } else {
              LockSupport.park(this);
            }
          }
          waiter = null;
          if (event == null) {
            continue; // woken (event, close, interrupt, timeout) or spuriously: look again
          }
        }
      }
      reserved.decrementAndGet();
      delivered.incrementAndGet();
      return event;
    }
  }

  private static CancellationException interrupted() {
    Thread.currentThread().interrupt();
    return new CancellationException("interrupted while waiting for a bus event");
  }

  static long toNanos(Duration timeout) {
    if (timeout.isNegative()) {
      return 0;
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2; // ~146 years: effectively forever, and deadline arithmetic stays safe
    }
  }

  /**
   * Returns a blocking iterator: {@code hasNext()} waits for the next event and returns false once the
   * subscription is closed and drained. Several iterators (or pollers) share one queue: each event
   * goes to one of them.
   *
   * @throws CancellationException from {@code hasNext()}/{@code next()} if the waiting thread is
   *     interrupted (its interrupt status is kept)
   */
  @Override
  public Iterator<ChangeEvent> iterator() {
    return new Iterator<>() {
      private @Nullable ChangeEvent next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        if (next == null && !ended) {
          next = takeBlocking();
          ended = next == null;
        }
        return next != null;
      }

      @Override
      public ChangeEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the subscription to scope '" + scope + "' has ended");
        }
        ChangeEvent event = Objects.requireNonNull(next);
        next = null;
        return event;
      }
    };
  }

  @Override
  public void close() {
    closeSubscription();
  }

  /**
   * Closes this subscription once: removes it from the bus, wakes the consumer (which then drains
   * what is queued) and calls {@code onDisconnect}. Returns false if it was already closed.
   */
  boolean closeSubscription() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    bus.remove(this);
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
    ConnectionInfo conn = connection;
    BiConsumer<String, ConnectionInfo> callback = onDisconnect;
    if (callback != null && conn != null) {
      bus.runCallback("onDisconnect", scope, () -> callback.accept(scope, conn));
    }
    return true;
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Copies dropped for this subscriber because its queue was full. */
  long droppedCount() {
    return dropped.get();
  }

  /** Events handed to this subscriber's consumer. */
  long deliveredCount() {
    return delivered.get();
  }

  /** Events waiting in the queue (or being queued right now). */
  int queuedCount() {
    return reserved.get();
  }

  @Override
  public String toString() {
    return "BusSubscription[scope="
        + scope
        + (connection == null ? ", anonymous" : ", session=" + connection.sessionId())
        + (closed.get() ? ", closed" : "")
        + ", queued="
        + reserved.get()
        + "/"
        + maxQueue
        + "]";
  }
}
