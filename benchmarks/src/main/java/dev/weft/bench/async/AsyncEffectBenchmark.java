package dev.weft.bench.async;

import dev.weft.AsyncEffect;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.TaskFactory;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
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
 * Async effect rerun throughput: one operation writes the source and waits (parked) until the
 * effect's rerun has seen that value. Under {@code inline()} the rerun happens on the writing
 * thread; under {@code virtualThreads()} each rerun starts a virtual thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AsyncEffectBenchmark {

  /** The task factory of the effect's reruns. */
  @Param({"virtualThreads", "inline"})
  public String taskFactory = "virtualThreads";

  private @Nullable Graph graph;
  private @Nullable Signal<Integer> source;
  /** The last value a run saw; written by the effect's thread, read by the benchmark thread. */
  private volatile int seen;
  /** The benchmark thread, unparked by the run that saw the awaited value. */
  private volatile Thread waiter = Thread.currentThread();
  private volatile int awaited = -1;
  private int next;

  /** Creates the effect with the chosen factory. */
  @Setup(Level.Trial)
  public void setUp() {
    TaskFactory factory =
        switch (taskFactory) {
          case "virtualThreads" -> TaskFactory.virtualThreads();
          case "inline" -> TaskFactory.inline();
          default -> throw new IllegalArgumentException("taskFactory: virtualThreads or inline");
        };
    Graph g = Graph.create();
    Signal<Integer> s = g.signal(0);
    waiter = Thread.currentThread();
    g.asyncEffect(
            () -> {
              int v = s.get();
              seen = v;
              if (v == awaited) {
                LockSupport.unpark(waiter);
              }
            },
            AsyncEffect.Options.defaults().taskFactory(factory));
    graph = g;
    source = s;
  }

  /** Closes the graph. */
  @TearDown(Level.Trial)
  public void tearDown() {
    Objects.requireNonNull(graph, "graph").close();
  }

  /**
   * One write and the rerun that sees it.
   *
   * @return the value seen
   */
  @Benchmark
  public int writeAndAwaitRerun() {
    int v = ++next;
    waiter = Thread.currentThread();
    awaited = v;
    Objects.requireNonNull(source, "source").set(v);
    while (seen != v) {
      LockSupport.parkNanos(this, 1_000_000);
    }
    return v;
  }
}
