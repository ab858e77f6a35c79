package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.TaskFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/** Concurrent awaiters of one stale async derived share one run, and get its value. */
public final class AsyncDerivedStress {
  private AsyncDerivedStress() {}

  @JCStressTest
  @Description("Two threads await a never-computed async derived (inline task factory). Result: runs, value1, value2.")
  @Outcome(id = "1, 7, 7", expect = ACCEPTABLE, desc = "one run, both got its value")
  @Outcome(expect = FORBIDDEN, desc = "two runs, or an awaiter got no or another value")
  @State
  public static class InlineAwaitersShareOneRun {
    final AtomicInteger runs = new AtomicInteger();
    final Signal<Integer> s;
    final AsyncDerived<Integer> d;

    public InlineAwaitersShareOneRun() {
      Graph g = Graph.builder().taskFactory(TaskFactory.inline()).build();
      s = g.signal(7);
      d = g.asyncDerived(() -> {
        runs.incrementAndGet();
        return s.get();
      });
    }

    @Actor
    public void awaiter1(III_Result r) {
      r.r2 = d.await();
    }

    @Actor
    public void awaiter2(III_Result r) {
      r.r3 = d.await();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r1 = runs.get();
    }
  }

  @JCStressTest
  @Description("Two threads await a never-computed async derived running on virtual threads. Result: runs, value1, value2.")
  @Outcome(id = "1, 7, 7", expect = ACCEPTABLE, desc = "one run, both got its value")
  @Outcome(expect = FORBIDDEN, desc = "two runs, or an awaiter got no or another value")
  @State
  public static class VirtualThreadAwaitersShareOneRun {
    final AtomicInteger runs = new AtomicInteger();
    final Signal<Integer> s;
    final AsyncDerived<Integer> d;

    public VirtualThreadAwaitersShareOneRun() {
      Graph g = Graph.create();
      s = g.signal(7);
      d = g.asyncDerived(() -> {
        runs.incrementAndGet();
        return s.get();
      });
    }

    @Actor
    public void awaiter1(III_Result r) {
      r.r2 = d.await();
    }

    @Actor
    public void awaiter2(III_Result r) {
      r.r3 = d.await();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r1 = runs.get();
    }
  }

  @JCStressTest
  @Description("A write races an awaiter of a computed async derived: the awaiter never gets a value older than"
      + " its own completed write (inline factory). Result: writer's read, other's read, runs.")
  @Outcome(id = {"1, 0, 2", "1, 1, 2"}, expect = ACCEPTABLE, desc = "the writer reads its write; the other either")
  @Outcome(expect = FORBIDDEN, desc = "the writer read a value older than its write, or a needless extra run")
  @State
  public static class AwaitAfterOwnWrite {
    final AtomicInteger runs = new AtomicInteger();
    final Signal<Integer> s;
    final AsyncDerived<Integer> d;

    public AwaitAfterOwnWrite() {
      Graph g = Graph.builder().taskFactory(TaskFactory.inline()).build();
      s = g.signal(0);
      d = g.asyncDerived(() -> {
        runs.incrementAndGet();
        return s.get();
      });
      d.await();
    }

    @Actor
    public void writerReader(III_Result r) {
      s.set(1);
      r.r1 = d.await();
    }

    @Actor
    public void reader(III_Result r) {
      r.r2 = d.await();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = runs.get();
    }
  }
}
