package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Graph;
import dev.weft.Producer;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/** A producer's source starts once however many threads read it first, and start/stop stay paired. */
public final class ProducerStress {
  private ProducerStress() {}

  @JCStressTest
  @Description("Two threads read a never-started producer at once (get and subscribe).")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "started exactly once")
  @Outcome(expect = FORBIDDEN, desc = "the source was started twice, or not at all")
  @State
  public static class RacingFirstReaders {
    final AtomicInteger starts = new AtomicInteger();
    final Producer<Integer> p = Graph.create().producer(0, sink -> {
      starts.incrementAndGet();
      return null;
    });

    @Actor
    public void getter() {
      p.get();
    }

    @Actor
    public void subscriber() {
      p.subscribe(v -> {}).dispose();
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = starts.get();
    }
  }

  @JCStressTest
  @Description("A first read races dispose(): starts, stops and isStarted() stay consistent. Result: starts, stops, started.")
  @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "read started it, then dispose stopped it")
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "dispose found nothing to stop, then the read started it")
  @Outcome(expect = FORBIDDEN, desc = "a start without its stop, a stop without a start, or a wrong isStarted()")
  @State
  public static class FirstReadRacingDispose {
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    final Producer<Integer> p = Graph.create().producer(0, sink -> {
      starts.incrementAndGet();
      return stops::incrementAndGet;
    });

    @Actor
    public void reader() {
      p.get();
    }

    @Actor
    public void disposer() {
      p.dispose();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r1 = starts.get();
      r.r2 = stops.get();
      r.r3 = p.isStarted() ? 1 : 0;
    }
  }
}
