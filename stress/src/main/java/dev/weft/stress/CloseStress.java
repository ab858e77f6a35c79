package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Effect;
import dev.weft.Graph;
import dev.weft.Weft;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@code Graph.close()} finds every live node through the graph's live list: it disposes each exactly
 * once, whether the node's owner disposes it at the same time or it is being created meanwhile.
 */
public final class CloseStress {
  private CloseStress() {}

  @JCStressTest
  @Description("close() races dispose() of two of the three effects it must dispose.")
  @Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "each effect's cleanup ran once; the graph is closed")
  @Outcome(expect = FORBIDDEN, desc = "a cleanup ran twice or never")
  @State
  public static class CloseRacingDispose {
    final Graph g = Graph.create();
    final AtomicInteger cleanups = new AtomicInteger();
    final Effect a = g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet));
    final Effect b = g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet));
    final Effect c = g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet));

    @Actor
    public void closer() {
      g.close();
    }

    @Actor
    public void disposer() {
      c.dispose();
      a.dispose();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r1 = cleanups.get();
      r.r2 = a.isDisposed() && b.isDisposed() && c.isDisposed() ? 1 : 0;
    }
  }

  @JCStressTest
  @Description("close() races the creation of an effect: it is refused, or disposed by close() or by itself.")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "created and ran before close(), then disposed by it")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "refused: the graph was closed")
  @Outcome(expect = FORBIDDEN, desc = "an effect of a closed graph was left undisposed, or its cleanup ran twice")
  @State
  public static class CloseRacingCreate {
    final Graph g = Graph.create();
    final AtomicInteger cleanups = new AtomicInteger();
    volatile Effect created;
    volatile boolean attempted;

    @Actor
    public void closer() {
      g.close();
    }

    @Actor
    public void creator() {
      try {
        created = g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet));
      } catch (IllegalStateException closed) {
        attempted = true; // refused (closed), or its first run found it already disposed by close()
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Effect e = created;
      r.r1 = cleanups.get();
      // 1: the effect exists and is disposed; 0: creation failed and no cleanup ran (a node registered
      // just before close() is disposed before its first run, which then fails); 2, 3: impossible
      r.r2 = e != null ? (e.isDisposed() ? 1 : 2) : (attempted && cleanups.get() == 0 ? 0 : 3);
    }
  }
}
