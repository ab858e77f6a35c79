package dev.weft.reactor;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.FluxSink;

/**
 * Moves the events of one {@link BusSubscription} into a {@link FluxSink}, on a virtual thread of its
 * own, and only while the subscriber has outstanding demand: without demand the events stay in the
 * bus's bounded queue, where the bus's drop policy (count, {@code onDrop}, warning) applies, instead
 * of piling up in an unbounded buffer. The blocking iteration therefore never runs on a Reactor thread.
 *
 * <p>Threads: {@link #run()} on the pump's virtual thread; {@link #wake()} from the thread that calls
 * {@code request}; {@link #stop()} from the thread that cancels (or the pump itself on termination).
 * {@link #stopped} and {@link #pump} are volatile; the pump parks only after re-checking both demand
 * and {@link #stopped}, and {@link LockSupport#unpark} keeps a permit, so no wake-up is lost.
 */
final class BusPump implements Runnable {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final String scope;
  private final BusSubscription subscription;
  private final FluxSink<ChangeEvent> sink;
  private volatile boolean stopped;
  private volatile @Nullable Thread pump;

  BusPump(String scope, BusSubscription subscription, FluxSink<ChangeEvent> sink) {
    this.scope = scope;
    this.subscription = subscription;
    this.sink = sink;
  }

  /** Starts the pump on a new virtual thread named {@code weft-reactor-bus-<scope>-N}. */
  void start() {
    Thread.ofVirtual().name("weft-reactor-bus-" + scope + "-" + SEQUENCE.incrementAndGet()).start(this);
  }

  @Override
  public void run() {
    pump = Thread.currentThread();
    try {
      Iterator<ChangeEvent> events = subscription.iterator();
      while (!stopped) {
        if (sink.requestedFromDownstream() == 0) {
          LockSupport.park(this); // woken by wake() or stop(); spurious wake-ups loop back
          continue;
        }
        if (!events.hasNext()) { // blocks; ends once the subscription, its scope or the bus closed
          if (!stopped) {
            sink.complete();
          }
          return;
        }
        ChangeEvent event = events.next();
        if (stopped) {
          return; // cancelled while waiting: the event is nobody's any more
        }
        sink.next(event);
      }
    } catch (RuntimeException e) {
      if (!stopped) {
        sink.error(e);
      }
    } finally {
      subscription.close();
    }
  }

  /** Called on each {@code request}: demand may have become positive. */
  void wake() {
    LockSupport.unpark(pump);
  }

  /** Cancels or terminates: closes the bus subscription, which ends a blocked iteration. Idempotent. */
  void stop() {
    stopped = true;
    subscription.close();
    LockSupport.unpark(pump);
  }
}
