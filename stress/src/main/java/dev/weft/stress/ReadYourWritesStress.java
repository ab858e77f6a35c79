package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A derived read racing a write never returns a value older than a write completed on the reading
 * thread, and reads on one thread never go back in time. Every derived is computed once in the state's
 * constructor, so the races hit the lock-free path for fresh values and the stale check.
 */
public final class ReadYourWritesStress {
  private ReadYourWritesStress() {}

  @JCStressTest
  @Description("Each thread writes its value, then reads an unwatched derived of it.")
  @Outcome(id = {"1, 2", "1, 1", "2, 2"}, expect = ACCEPTABLE, desc = "each read sees its own write or a later one")
  @Outcome(expect = FORBIDDEN, desc = "a read older than the reader's own completed write, or writes seen in two orders")
  @State
  public static class UnwatchedDerived {
    final Signal<Integer> s;
    final Derived<Integer> d;

    public UnwatchedDerived() {
      Graph g = Graph.create();
      s = g.signal(0);
      d = g.derived(() -> s.get() * 10);
      d.get();
    }

    @Actor
    public void writerReader1(II_Result r) {
      s.set(1);
      r.r1 = d.get() / 10;
    }

    @Actor
    public void writerReader2(II_Result r) {
      s.set(2);
      r.r2 = d.get() / 10;
    }
  }

  @JCStressTest
  @Description("As UnwatchedDerived, through a chain watched by an effect (the flag-based freshness path).")
  @Outcome(id = {"1, 2", "1, 1", "2, 2"}, expect = ACCEPTABLE, desc = "each read sees its own write or a later one")
  @Outcome(expect = FORBIDDEN, desc = "a read older than the reader's own completed write, or writes seen in two orders")
  @State
  public static class WatchedChain {
    final Signal<Integer> s;
    final Derived<Integer> end;

    public WatchedChain() {
      Graph g = Graph.create();
      s = g.signal(0);
      Derived<Integer> d = g.derived(() -> s.get() * 10);
      end = g.derived(() -> d.get() + 1);
      g.effect(end::get);
    }

    @Actor
    public void writerReader1(II_Result r) {
      s.set(1);
      r.r1 = end.get() / 10;
    }

    @Actor
    public void writerReader2(II_Result r) {
      s.set(2);
      r.r2 = end.peek() / 10;
    }
  }

  @JCStressTest
  @Description("One thread writes 1 then 2; another reads the derived twice: its reads never go backwards.")
  @Outcome(id = {"0, 0", "0, 1", "0, 2", "1, 1", "1, 2", "2, 2"}, expect = ACCEPTABLE, desc = "non-decreasing")
  @Outcome(expect = FORBIDDEN, desc = "a later read returned an older value")
  @State
  public static class MonotonicReads {
    final Signal<Integer> s;
    final Derived<Integer> d;

    public MonotonicReads() {
      Graph g = Graph.create();
      s = g.signal(0);
      d = g.derived(() -> s.get() + 100);
      d.get();
    }

    @Actor
    public void writer() {
      s.set(1);
      s.set(2);
    }

    @Actor
    public void reader(II_Result r) {
      r.r1 = d.get() - 100;
      r.r2 = d.get() - 100;
    }
  }
}
