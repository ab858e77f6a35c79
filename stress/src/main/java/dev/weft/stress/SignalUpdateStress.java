package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Graph;
import dev.weft.Signal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/** {@code Signal.update} is an atomic read-modify-write: racing writers lose nothing. */
public final class SignalUpdateStress {
  private SignalUpdateStress() {}

  @JCStressTest
  @Description("Two threads update(v -> v + 1) the same signal.")
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments applied")
  @Outcome(expect = FORBIDDEN, desc = "an update was lost")
  @State
  public static class TwoUpdaters {
    final Signal<Integer> s = Graph.create().signal(0);

    @Actor
    public void updater1() {
      s.update(v -> v + 1);
    }

    @Actor
    public void updater2() {
      s.update(v -> v + 1);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = s.get();
    }
  }

  @JCStressTest
  @Description("An update races a set: the update applies to the value before or after the set, never to a lost one.")
  @Outcome(id = "10", expect = ACCEPTABLE, desc = "update, then set")
  @Outcome(id = "11", expect = ACCEPTABLE, desc = "set, then update")
  @Outcome(expect = FORBIDDEN, desc = "the set or the update was lost")
  @State
  public static class UpdateAndSet {
    final Signal<Integer> s = Graph.create().signal(0);

    @Actor
    public void updater() {
      s.update(v -> v + 1);
    }

    @Actor
    public void setter() {
      s.set(10);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = s.get();
    }
  }

  @JCStressTest
  @Description("Two updaters while an effect watches: each update runs the effect, which sees every value once.")
  @Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "both applied; the effect ran at creation and after each")
  @Outcome(expect = FORBIDDEN, desc = "an update or an effect run was lost")
  @State
  public static class UpdatersWithAnEffect {
    final Graph g = Graph.create();
    final Signal<Integer> s = g.signal(0);
    int runs; // written by effect runs, which hold the graph lock

    {
      g.effect(() -> {
        s.get();
        runs++;
      });
    }

    @Actor
    public void updater1() {
      s.update(v -> v + 1);
    }

    @Actor
    public void updater2() {
      s.update(v -> v + 1);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r1 = s.get();
      r.r2 = g.batch(() -> runs);
    }
  }
}
