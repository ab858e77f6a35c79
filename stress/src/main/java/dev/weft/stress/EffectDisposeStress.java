package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Effect;
import dev.weft.Graph;
import dev.weft.Signal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** Once {@code dispose()} returns, the effect never runs again, whatever writes race it. */
public final class EffectDisposeStress {
  private EffectDisposeStress() {}

  @JCStressTest
  @Description("dispose() races a write that would rerun the effect; the arbiter writes once more afterwards.")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "disposed before the write's flush")
  @Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "the write's flush ran it first, then it was disposed")
  @Outcome(expect = FORBIDDEN, desc = "the effect ran after dispose() returned")
  @State
  public static class DisposeRacingAWrite {
    final Graph g = Graph.create();
    final Signal<Integer> s = g.signal(0);
    volatile boolean disposeReturned;
    int runs; // effect runs hold the graph lock
    int lateRuns;
    final Effect e = g.effect(() -> {
      s.get();
      runs++;
      if (disposeReturned) {
        lateRuns++;
      }
    });

    @Actor
    public void disposer() {
      e.dispose();
      disposeReturned = true;
    }

    @Actor
    public void writer() {
      s.set(1);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      s.set(2);
      r.r1 = g.batch(() -> lateRuns);
      r.r2 = g.batch(() -> runs);
    }
  }

  @JCStressTest
  @Description("dispose() races a batch of two writes to what the effect reads.")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "disposed before the batch flushed")
  @Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "the batch's flush ran it once, then it was disposed")
  @Outcome(expect = FORBIDDEN, desc = "ran after dispose() returned, or twice for one batch")
  @State
  public static class DisposeRacingABatch {
    final Graph g = Graph.create();
    final Signal<Integer> a = g.signal(0);
    final Signal<Integer> b = g.signal(0);
    volatile boolean disposeReturned;
    int runs;
    int lateRuns;
    final Effect e = g.effect(() -> {
      a.get();
      b.get();
      runs++;
      if (disposeReturned) {
        lateRuns++;
      }
    });

    @Actor
    public void disposer() {
      e.dispose();
      disposeReturned = true;
    }

    @Actor
    public void writer() {
      g.batch(() -> {
        a.set(1);
        b.set(1);
      });
    }

    @Arbiter
    public void arbiter(II_Result r) {
      a.set(2);
      r.r1 = g.batch(() -> lateRuns);
      r.r2 = g.batch(() -> runs);
    }
  }
}
