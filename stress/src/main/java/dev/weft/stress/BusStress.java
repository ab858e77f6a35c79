package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ReactiveBus;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The local bus never loses or duplicates an event copy: each is delivered or dropped (and counted),
 * and {@code close} delivers what was queued before ending the iteration. Results are (delivered,
 * dropped, emitted) for one subscriber with a queue bound of 1.
 */
public final class BusStress {
  private BusStress() {}

  /**
   * The bus logs a warning (through {@code System.Logger}, JUL by default) the first time each scope of
   * a bus drops an event. Every state here is a fresh bus and most invocations drop, so in a fork that
   * would be a formatted log record on stderr per invocation: megabytes of output piped to the
   * jcstress host, and a console lock serialising the actors, damping the very race under test. The
   * warning is tested in LocalBusTest; here it is switched off. Held in a static field: JUL keeps its
   * loggers weakly, and a collected logger would forget its level.
   */
  private static final Logger QUIET_BUS_LOG = silence(ReactiveBus.class.getName());

  static final ChangeEvent EVENT = new ChangeEvent("s", Set.of("x"), null, null);

  private static Logger silence(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.OFF);
    return logger;
  }

  /** A fresh bus with a queue bound of {@code maxQueue}; its drop warnings are silenced. */
  static ReactiveBus bus(int maxQueue) {
    return ReactiveBus.builder().maxQueue(maxQueue).build();
  }

  /** Counts the events a closed subscription still delivers (its iteration ends when drained). */
  static int drainClosed(BusSubscription sub) {
    int n = 0;
    for (ChangeEvent ignored : sub) {
      n++;
    }
    return n;
  }

  /**
   * The verdict of the close races: what the closed subscription still delivers, what the bus
   * dropped, what it counted as emitted.
   */
  static void recordClosed(III_Result r, ReactiveBus bus, BusSubscription sub) {
    r.r1 = drainClosed(sub);
    r.r2 = (int) bus.droppedCount();
    r.r3 = (int) bus.emittedCount();
  }

  /** Counts what an open subscription holds now, without waiting. */
  static int drainOpen(BusSubscription sub) {
    int n = 0;
    while (sub.poll(Duration.ZERO) != null) {
      n++;
    }
    return n;
  }

  @JCStressTest
  @Description("Two emitters race for the one free slot of a subscriber's queue.")
  @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "one queued and delivered, one dropped and counted")
  @Outcome(expect = FORBIDDEN, desc = "the bound was exceeded, or a copy was lost or counted twice")
  @State
  public static class TwoEmitters {
    final ReactiveBus bus = bus(1);
    final BusSubscription sub = bus.subscribe("s");

    @Actor
    public void emitter1() {
      bus.emit(EVENT);
    }

    @Actor
    public void emitter2() {
      bus.emit(EVENT);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r1 = drainOpen(sub);
      r.r2 = (int) bus.droppedCount();
      r.r3 = (int) bus.emittedCount();
      bus.close();
    }
  }

  @JCStressTest
  @Description("An emitter races a consumer polling a full queue (one event queued up front).")
  @Outcome(id = {"2, 0, 2", "1, 1, 2"}, expect = ACCEPTABLE, desc = "delivered + dropped = emitted")
  @Outcome(expect = FORBIDDEN, desc = "an event copy was lost or duplicated, or a count is wrong")
  @State
  public static class EmitterAndConsumer {
    final ReactiveBus bus = bus(1);
    final BusSubscription sub = bus.subscribe("s");
    int consumed;

    {
      bus.emit(EVENT);
    }

    @Actor
    public void emitter() {
      bus.emit(EVENT);
    }

    @Actor
    public void consumer() {
      if (sub.poll(Duration.ZERO) != null) {
        consumed++;
      }
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r1 = consumed + drainOpen(sub);
      r.r2 = (int) bus.droppedCount();
      r.r3 = (int) bus.emittedCount();
      bus.close();
    }
  }

  @JCStressTest
  @Description("An emitter races bus.close() with one event already queued; the arbiter iterates to the end.")
  @Outcome(id = "2, 0, 2", expect = ACCEPTABLE, desc = "emitted before close: both delivered by the closing iteration")
  @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "emitted after close: not addressed to the closed subscription")
  @Outcome(expect = FORBIDDEN, desc = "close lost a queued event, or a copy was counted twice")
  @State
  public static class EmitterAndBusClose {
    final ReactiveBus bus = bus(2);
    final BusSubscription sub = bus.subscribe("s");

    {
      bus.emit(EVENT);
    }

    @Actor
    public void emitter() {
      bus.emit(EVENT);
    }

    @Actor
    public void closer() {
      bus.close();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      recordClosed(r, bus, sub);
    }
  }

  @JCStressTest
  @Description("An emitter races the subscriber closing its own subscription, with one event already queued.")
  @Outcome(id = "2, 0, 2", expect = ACCEPTABLE, desc = "emitted before close: both delivered by the closing iteration")
  @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "emitted after close: not addressed to the closed subscription")
  @Outcome(expect = FORBIDDEN, desc = "close lost a queued event, or a copy was counted twice")
  @State
  public static class EmitterAndSubscriptionClose {
    final ReactiveBus bus = bus(2);
    final BusSubscription sub = bus.subscribe("s");

    {
      bus.emit(EVENT);
    }

    @Actor
    public void emitter() {
      bus.emit(EVENT);
    }

    @Actor
    public void closer() {
      sub.close();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      recordClosed(r, bus, sub);
      bus.close();
    }
  }

  /**
   * Racing emitters and close on two CPUs (the three-actor form below needs three): the second emitter
   * closes the bus right after its own emit, so its event is always addressed and close races the
   * first emitter's.
   */
  @JCStressTest
  @Description("An emitter races another that emits then closes the bus; bound 1; the arbiter iterates to the end.")
  @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "both before close: one queued and delivered, one dropped")
  @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "the first emitter's event after close: not addressed")
  @Outcome(expect = FORBIDDEN, desc = "a queued event was lost by close, or a copy was lost or counted twice")
  @State
  public static class EmitterAndEmitThenBusClose {
    final ReactiveBus bus = bus(1);
    final BusSubscription sub = bus.subscribe("s");

    @Actor
    public void emitter() {
      bus.emit(EVENT);
    }

    @Actor
    public void emitterThenCloser() {
      bus.emit(EVENT);
      bus.close();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      recordClosed(r, bus, sub);
    }
  }

  /** Three actors: runs only on machines with at least 3 CPUs (jcstress never oversubscribes). */
  @JCStressTest
  @Description("Two emitters race bus.close(); the arbiter iterates the closed subscription to its end.")
  @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "both before close: one queued and delivered, one dropped")
  @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "one before close (delivered), one after (not addressed)")
  @Outcome(id = "0, 0, 2", expect = ACCEPTABLE, desc = "both after close")
  @Outcome(expect = FORBIDDEN, desc = "a queued event was lost by close, or counted twice")
  @State
  public static class TwoEmittersAndBusClose {
    final ReactiveBus bus = bus(1);
    final BusSubscription sub = bus.subscribe("s");

    @Actor
    public void emitter1() {
      bus.emit(EVENT);
    }

    @Actor
    public void emitter2() {
      bus.emit(EVENT);
    }

    @Actor
    public void closer() {
      bus.close();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      recordClosed(r, bus, sub);
    }
  }
}
