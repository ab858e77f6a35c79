package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** No computation ever sees a mix of values from different writes, whatever other threads write. */
public final class GlitchStress {
  private GlitchStress() {}

  @JCStressTest
  @Description("Diamond head -> (x2, x3) -> sum, read by an effect while two threads write the head.")
  @Outcome(id = {"0, 1", "0, 2"}, expect = ACCEPTABLE, desc = "the effect never saw a torn diamond; one write won")
  @Outcome(expect = FORBIDDEN, desc = "the effect saw a mix of two writes, or the final state is torn")
  @State
  public static class DiamondWithTwoWriters {
    final Graph g = Graph.create();
    final Signal<Integer> head = g.signal(0);
    final Derived<Integer> twice = g.derived(() -> head.get() * 2);
    final Derived<Integer> thrice = g.derived(() -> head.get() * 3);
    final Derived<Integer> sum = g.derived(() -> twice.get() + thrice.get());
    int torn; // written by effect runs, under the graph lock

    {
      g.effect(() -> {
        int h = head.get();
        if (twice.get() != 2 * h || thrice.get() != 3 * h || sum.get() != 5 * h) {
          torn++;
        }
      });
    }

    @Actor
    public void writer1() {
      head.set(1);
    }

    @Actor
    public void writer2() {
      head.set(2);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r1 = g.batch(() -> torn);
      int s = sum.get();
      r.r2 = s == 5 * head.get() ? s / 5 : -1;
    }
  }

  @JCStressTest
  @Description("A lock-free reader of the diamond's sum (computed once, then stale) races a write of the head.")
  @Outcome(id = {"0, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "consistent values, never going back")
  @Outcome(expect = FORBIDDEN, desc = "the reader saw a torn sum, or a value older than one it saw before")
  @State
  public static class DiamondWriterAndReader {
    final Graph g = Graph.create();
    final Signal<Integer> head = g.signal(0);
    final Derived<Integer> twice = g.derived(() -> head.get() * 2);
    final Derived<Integer> thrice = g.derived(() -> head.get() * 3);
    final Derived<Integer> sum = g.derived(() -> twice.get() + thrice.get());

    {
      sum.get();
    }

    @Actor
    public void writer() {
      head.set(1);
    }

    @Actor
    public void reader(II_Result r) {
      int first = sum.get();
      int second = sum.get();
      r.r1 = first % 5 == 0 ? first / 5 : -first;
      r.r2 = second % 5 == 0 ? second / 5 : -second;
    }
  }

  @JCStressTest
  @Description("Two threads each write a pair (a, b) in one batch; an effect over derived a*2, b*2 must never see a torn pair.")
  @Outcome(id = {"0, 1", "0, 2"}, expect = ACCEPTABLE, desc = "no torn pair; one batch won")
  @Outcome(expect = FORBIDDEN, desc = "an effect saw half of a batch, or the final pair is torn")
  @State
  public static class BatchedPairs {
    final Graph g = Graph.create();
    final Signal<Integer> a = g.signal(0);
    final Signal<Integer> b = g.signal(0);
    final Derived<Integer> da = g.derived(() -> a.get() * 2);
    final Derived<Integer> db = g.derived(() -> b.get() * 2);
    int torn; // under the graph lock

    {
      g.effect(() -> {
        if (!da.get().equals(db.get())) {
          torn++;
        }
      });
    }

    @Actor
    public void writer1() {
      g.batch(() -> {
        a.set(1);
        b.set(1);
      });
    }

    @Actor
    public void writer2() {
      g.batch(() -> {
        a.set(2);
        b.set(2);
      });
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r1 = g.batch(() -> torn);
      r.r2 = da.get().equals(db.get()) ? da.get() / 2 : -1;
    }
  }
}
