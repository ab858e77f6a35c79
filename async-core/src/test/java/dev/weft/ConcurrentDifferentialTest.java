package dev.weft;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Differential test with writers on several threads, checked against a sequential oracle of the same
 * committed writes.
 *
 * <p>Every write is an {@code update}, whose function runs under the graph lock exactly once, at its
 * commit: it appends the write to a log, so the log is the commit order. Every effect run (also under
 * the lock) appends what it saw. Replaying the log sequentially gives, at each effect run's position,
 * the signal values the run must have seen; every derived value it read must equal the oracle over
 * those values (no glitch, no stale read, whatever the other threads did). At the end, every effect's
 * last run must have seen the final state (no missed run) and the final values must be the replay's
 * (no lost write).
 *
 * <p>{@code -Dweft.fuzz.concurrentCases} (default 1,000, a few seconds), {@code -Dweft.fuzz.seed} and
 * {@code -Dweft.fuzz.case} as in {@link DifferentialTest}. Interleavings differ between runs, so a
 * failure replays the same graph and operations, not necessarily the same schedule.
 */
class ConcurrentDifferentialTest {
  static final int THREADS = 4;

  /** One log entry: a committed write, or an effect run with what it read. */
  private record Entry(int signal, int value, int effect, Map<Integer, Integer> seen) {}

  private static final class Case {
    final long seed;
    final SplittableRandom rnd;
    final Graph g = Graph.builder().name("concurrent-fuzz").build();
    final List<Integer> initial = new ArrayList<>();
    final List<Signal<Integer>> signals = new ArrayList<>();
    final List<FuzzExpr> exprs = new ArrayList<>(); // index = node id - signal count
    final List<ReadableSignal<Integer>> nodes = new ArrayList<>();
    final List<FuzzExpr> effectExprs = new ArrayList<>();
    final List<Entry> log = new ArrayList<>(); // guarded by the graph lock
    final List<String> description = new ArrayList<>();

    Case(long seed) {
      this.seed = seed;
      this.rnd = new SplittableRandom(seed);
    }

    void build() {
      int n = 2 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        int v = rnd.nextInt(6);
        initial.add(v);
        Signal<Integer> s = g.signal(v);
        signals.add(s);
        nodes.add(s);
        description.add("n" + i + " = signal " + v);
      }
      int d = 1 + rnd.nextInt(10);
      for (int i = 0; i < d; i++) {
        int id = nodes.size();
        FuzzExpr e = FuzzExpr.random(rnd, ids(), 1 + rnd.nextInt(3), id, false);
        exprs.add(e);
        nodes.add(rnd.nextInt(4) == 0 ? g.memoized(() -> e.eval(x -> nodes.get(x).get()))
            : g.derived(() -> e.eval(x -> nodes.get(x).get())));
        description.add("n" + id + " = " + e);
      }
      int effects = 1 + rnd.nextInt(4);
      for (int i = 0; i < effects; i++) {
        int effect = i;
        FuzzExpr e = FuzzExpr.random(rnd, ids(), rnd.nextInt(3), -1, false);
        effectExprs.add(e);
        description.add("e" + i + " reads " + e);
        g.effect(() -> {
          Map<Integer, Integer> seen = new HashMap<>();
          e.eval(x -> {
            int v = nodes.get(x).get();
            seen.put(x, v);
            return v;
          });
          for (int s = 0; s < signals.size(); s++) {
            seen.put(s, signals.get(s).peek()); // the state this run saw, for the oracle
          }
          log.add(new Entry(-1, 0, effect, seen));
        });
      }
    }

    private List<Integer> ids() {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        ids.add(i);
      }
      return ids;
    }

    /** One writer thread's operations, drawn up front so the case is reproducible. */
    List<Runnable> writer(SplittableRandom r, int ops) {
      List<Runnable> work = new ArrayList<>();
      for (int i = 0; i < ops; i++) {
        if (r.nextInt(4) == 0) {
          List<Runnable> inner = new ArrayList<>();
          for (int k = 1 + r.nextInt(3); k > 0; k--) {
            inner.add(write(r));
          }
          work.add(() -> g.batch(() -> inner.forEach(Runnable::run)));
        } else {
          work.add(write(r));
        }
      }
      return work;
    }

    private Runnable write(SplittableRandom r) {
      int s = r.nextInt(signals.size());
      boolean increment = r.nextBoolean();
      int value = r.nextInt(6);
      return () -> signals.get(s).update(old -> {
        int next = increment ? Math.floorMod(old + 1, 6) : value;
        log.add(new Entry(s, next, -1, Map.of())); // runs under the lock, at the commit
        return next;
      });
    }

    int oracle(int id, List<Integer> state) {
      if (id < signals.size()) {
        return state.get(id);
      }
      return exprs.get(id - signals.size()).eval(x -> oracle(x, state));
    }

    /** Replays the log; returns the first violation, or null. */
    String check() {
      List<Integer> state = new ArrayList<>(initial);
      Map<Integer, Map<Integer, Integer>> lastSeen = new HashMap<>();
      for (int i = 0; i < log.size(); i++) {
        Entry e = log.get(i);
        if (e.effect < 0) {
          state.set(e.signal, e.value);
          continue;
        }
        for (Map.Entry<Integer, Integer> read : e.seen.entrySet()) {
          int expected = oracle(read.getKey(), state);
          if (read.getValue() != expected) {
            return "e" + e.effect + " at log position " + i + " saw n" + read.getKey() + " = " + read.getValue()
                + " but the sequential replay says " + expected + " (state " + state + ")";
          }
        }
        lastSeen.put(e.effect, e.seen);
      }
      for (int s = 0; s < signals.size(); s++) {
        if ((int) signals.get(s).get() != (int) state.get(s)) {
          return "n" + s + " ends at " + signals.get(s).get() + " but the replay of the committed writes says "
              + state.get(s);
        }
      }
      for (Map.Entry<Integer, Map<Integer, Integer>> last : lastSeen.entrySet()) {
        FuzzExpr e = effectExprs.get(last.getKey());
        List<Integer> reads = new ArrayList<>();
        e.eval(x -> {
          reads.add(x);
          return oracle(x, state);
        });
        for (int x : reads) {
          Integer seen = last.getValue().get(x);
          if (seen == null || seen != oracle(x, state)) {
            return "e" + last.getKey() + " missed a change: its last run saw n" + x + " = " + seen + ", final "
                + oracle(x, state);
          }
        }
      }
      return null;
    }
  }

  @Nested
  class WritersOnSeveralThreads {
    @Test
    void everyEffectRunSeesACommittedStateAndNoWriteIsLost() throws Exception {
      long base = DifferentialTest.baseSeed() ^ 0x7777L;
      Integer only = Integer.getInteger("weft.fuzz.case");
      int cases = Integer.getInteger("weft.fuzz.concurrentCases", 1_000);
      int from = only != null ? only : 0;
      int to = only != null ? only + 1 : cases;
      for (int i = from; i < to; i++) {
        long seed = DifferentialTest.caseSeed(base, i);
        Case c = new Case(seed);
        try {
          c.build();
          List<List<Runnable>> writers = new ArrayList<>();
          SplittableRandom r = new SplittableRandom(seed ^ 0x5555);
          for (int t = 0; t < THREADS; t++) {
            writers.add(c.writer(r.split(), 50 + r.nextInt(150)));
          }
          Race.platform().run(THREADS, t -> writers.get(t).forEach(Runnable::run));
          String violation = c.g.batch(c::check);
          if (violation != null) {
            fail("concurrent differential case " + i + " of base seed " + (base ^ 0x7777L) + ": " + violation
                + "\nreplay with -Dtest='ConcurrentDifferentialTest*' -Dweft.fuzz.seed=" + (base ^ 0x7777L)
                + " -Dweft.fuzz.case=" + i + "\ngraph:\n  " + String.join("\n  ", c.description));
          }
        } finally {
          c.g.close();
        }
      }
    }
  }
}
