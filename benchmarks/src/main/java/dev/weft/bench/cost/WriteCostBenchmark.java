package dev.weft.bench.cost;

import dev.weft.bench.check.CheckCounters;
import dev.weft.bench.check.Checks;
import dev.weft.bench.check.Counter;
import dev.weft.bench.framework.Computed;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.Source;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the time of one write goes: a kairo write (a batched write of a source, then a read of
 * the computed it feeds, as {@code repeatedObservers} does a hundred times per iteration) split
 * into the shapes below, through the same adapters as the kairo suite. One operation is one write.
 *
 * <ul>
 *   <li>{@code write}: a source nobody reads; the write alone (for Weft: lock, store, unlock).
 *   <li>{@code effect}: source → effect; adds propagation, the flush and one effect run.
 *   <li>{@code derived}: source → computed (one read) → effect, then a read of the computed:
 *       {@code repeatedObservers} with one read instead of 30.
 *   <li>{@code reads30}: the same with 30 reads of the source in the computed: one write of
 *       {@code repeatedObservers}. ({@code reads30 − derived}) / 29 is the cost of one tracked
 *       read; {@code derived} is the fixed cost of a write.
 * </ul>
 *
 * <p>{@link #uncontendedLock} is the floor any thread-safe library pays per write: one
 * {@link ReentrantLock} lock and unlock, uncontended, around an increment.
 *
 * <p>Checks: every write must run the effect exactly once and the computed must read 30 × the
 * written value (or the value); {@code failedChecks} counts violations, as in the kairo suite.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WriteCostBenchmark {

  /** One framework's graph of one shape, built once per trial. */
  @State(Scope.Thread)
  public static class Shape {
    /**
     * The library: the peers Weft is closest to on the kairo suite by default; any name of
     * {@link Frameworks#NAMES} works with {@code -p framework=...}.
     */
    @Param({"weft", "javafx", "reactor"})
    public String framework = "weft";

    /** The graph shape; see the class comment. */
    @Param({"write", "effect", "derived", "reads30"})
    public String shape = "derived";

    private ReactiveFramework fw = Frameworks.create("weft");
    private Checks checks = new Checks("unset");
    private final Counter effectRuns = new Counter();
    private Source<Integer> source = fw.signal(0);
    private Computed<Integer> computed = source;
    private int reads;
    /** Every shape but {@code write} has an effect; decided once, not per operation. */
    private boolean hasEffect;
    private int next;

    /** Builds the shape and runs one write so that every node has run once. */
    @Setup(Level.Trial)
    public void setUp() {
      fw = Frameworks.create(framework);
      checks = new Checks("write cost " + shape + " on " + framework);
      source = fw.signal(0);
      reads =
          switch (shape) {
            case "write", "effect" -> 0;
            case "derived" -> 1;
            case "reads30" -> 30;
            default -> throw new IllegalArgumentException("unknown shape '" + shape + "'");
          };
      Source<Integer> s = source;
      int n = reads;
      computed =
          n == 0
              ? s
              : fw.computed(
                  () -> {
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                      sum += s.read();
                    }
                    return sum;
                  });
      hasEffect = !shape.equals("write");
      if (hasEffect) {
        Computed<Integer> c = computed;
        Counter runs = effectRuns;
        fw.effect(
            () -> {
              c.read();
              runs.count++;
            });
      }
      writeOnce();
    }

    /** One write and, for the computed shapes, one read of the computed after it. */
    int writeOnce() {
      int v = next = next == 99 ? 0 : next + 1; // 0..99, as repeatedObservers writes
      int before = effectRuns.count;
      Source<Integer> s = source;
      fw.withBatch(() -> s.write(v));
      int result = v;
      if (reads > 0) {
        result = computed.read();
        checks.expect("computed value", (long) reads * v, result);
      }
      if (hasEffect) {
        checks.expect("effect runs per write", 1, effectRuns.count - before);
      }
      return result;
    }

    /** The checks of this trial. */
    Checks checks() {
      return checks;
    }

    /** Prints the verdict into the JMH log and disposes the graph. */
    @TearDown(Level.Trial)
    public void tearDown() {
      fw.cleanup();
      System.out.println("CHECKS " + checks.summary());
    }
  }

  /** A lock for {@link #uncontendedLock}, and what it guards. */
  @State(Scope.Thread)
  public static class Lock {
    final ReentrantLock lock = new ReentrantLock();
    int guarded;
  }

  /**
   * One write of the shape.
   *
   * @param shape the graph
   * @param counters receives the correctness verdict
   * @return the value written or read, for JMH to consume
   */
  @Benchmark
  public int write(Shape shape, CheckCounters counters) {
    int result = shape.writeOnce();
    counters.record(shape.checks);
    return result;
  }

  /**
   * The floor of a thread-safe write: an uncontended lock and unlock around an increment.
   *
   * @param lock the lock and its guarded int
   * @return the guarded value
   */
  @Benchmark
  public int uncontendedLock(Lock lock) {
    lock.lock.lock();
    try {
      return ++lock.guarded;
    } finally {
      lock.lock.unlock();
    }
  }
}
