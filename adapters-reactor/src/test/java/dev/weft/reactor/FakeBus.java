package dev.weft.reactor;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A minimal in-memory {@link ReactiveBus} for the bridge's tests (audiences and connections are not
 * modelled), following the contract of {@code dev.weft.bus}: bounded queues that drop, close delivers
 * what is queued and then ends the iteration. It also records the threads that iterate, so tests can
 * check that a reading thread ends.
 */
final class FakeBus implements ReactiveBus {
  private final int maxQueue;
  private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  // weak: a terminated virtual thread still references its task, which must not keep a subscriber alive
  final Set<Thread> readers = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private volatile boolean closed;

  FakeBus(int maxQueue) {
    this.maxQueue = maxQueue;
  }

  @Override
  public void emit(ChangeEvent event) {
    emitted.incrementAndGet();
    for (Sub sub : subs) {
      if (sub.scope.equals(event.scope()) && !sub.offer(event)) {
        dropped.incrementAndGet();
      }
    }
  }

  @Override
  public BusSubscription subscribe(String scope) {
    if (closed) {
      throw new IllegalStateException("the bus is closed: subscribe to a live bus");
    }
    Sub sub = new Sub(scope);
    subs.add(sub);
    return sub;
  }

  @Override
  public BusSubscription subscribe(
      String scope, ConnectionInfo connection, @Nullable BiConsumer<String, ConnectionInfo> onDisconnect) {
    return subscribe(scope);
  }

  @Override
  public long emittedCount() {
    return emitted.get();
  }

  @Override
  public long droppedCount() {
    return dropped.get();
  }

  @Override
  public int subscriberCount() {
    return subs.size();
  }

  @Override
  public Set<ConnectionInfo> presence(String scope) {
    return Set.of();
  }

  @Override
  public void close(String scope) {
    for (Sub sub : subs) {
      if (sub.scope.equals(scope)) {
        sub.end();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    subs.forEach(Sub::end);
  }

  @Override
  public int closeUser(String userId) {
    return 0;
  }

  @Override
  public int closeUser(String userId, String scope) {
    return 0;
  }

  /** One subscriber's bounded queue. Threads: offer from emitters, reads from one reader; all under lock. */
  private final class Sub implements BusSubscription {
    private final String scope;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ChangeEvent> queue = new ArrayDeque<>(); // guarded by lock
    private boolean ended; // guarded by lock

    Sub(String scope) {
      this.scope = scope;
    }

    boolean offer(ChangeEvent event) {
      lock.lock();
      try {
        if (ended || queue.size() >= maxQueue) {
          return false;
        }
        queue.add(event);
        changed.signalAll();
        return true;
      } finally {
        lock.unlock();
      }
    }

    void end() {
      lock.lock();
      try {
        ended = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      subs.remove(this);
    }

    @Override
    public @Nullable ChangeEvent poll(Duration timeout) {
      long nanos = timeout.toNanos();
      lock.lock();
      try {
        while (queue.isEmpty()) {
          if (ended) {
            throw new IllegalStateException("subscription to " + scope + " is closed");
          }
          if (nanos <= 0) {
            return null;
          }
          nanos = changed.awaitNanos(nanos);
        }
        return queue.poll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while polling " + scope);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public Iterator<ChangeEvent> iterator() {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          readers.add(Thread.currentThread());
          lock.lock();
          try {
            while (queue.isEmpty() && !ended) {
              changed.await(1, TimeUnit.MINUTES);
            }
            return !queue.isEmpty();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while iterating " + scope);
          } finally {
            lock.unlock();
          }
        }

        @Override
        public ChangeEvent next() {
          lock.lock();
          try {
            ChangeEvent event = queue.poll();
            if (event == null) {
              throw new NoSuchElementException();
            }
            return event;
          } finally {
            lock.unlock();
          }
        }
      };
    }

    @Override
    public void close() {
      lock.lock();
      try {
        queue.clear(); // the subscriber left: nothing more to deliver
      } finally {
        lock.unlock();
      }
      end();
    }
  }
}
