package dev.weft.bench.async;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Write contention: each writer thread owns a signal → derived → effect chain and writes its
 * signal; the chains live in one shared graph ({@code sharedGraphN}) or each in its own graph
 * ({@code separateGraphsN}), with N = 1, 2, 4 writer threads. Throughput is summed over threads.
 * One graph serialises its sync work on one lock (see KERNEL.md), separate graphs do not; on this
 * 2-core machine 4 threads oversubscribe the CPUs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContentionBenchmark {

  /** The graph every writer of the shared case writes into. */
  @State(Scope.Benchmark)
  public static class SharedGraph {
    @Nullable Graph graph;

    /** Fresh graph per trial. */
    @Setup(Level.Trial)
    public void setUp() {
      graph = Graph.create();
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void tearDown() {
      Objects.requireNonNull(graph, "graph").close();
    }
  }

  /** One writer's chain: signal → derived (+1) → effect (records the value). */
  @State(Scope.Thread)
  public static class Chain {
    private @Nullable Signal<Integer> signal;
    private @Nullable Graph own;
    /** Written by this chain's effect, which runs on this chain's writer thread. */
    private int sink;
    private int next;

    private void build(Graph graph) {
      Signal<Integer> s = graph.signal(0);
      Derived<Integer> plusOne = graph.derived(() -> s.get() + 1);
      graph.effect(() -> sink = plusOne.get());
      signal = s;
    }

    /**
     * Builds the chain in the shared graph (shared benchmarks) or in a graph of its own.
     *
     * @param sharedGraph the shared graph
     * @param params the benchmark's parameters, to tell which case runs
     */
    @Setup(Level.Trial)
    public void setUp(SharedGraph sharedGraph, org.openjdk.jmh.infra.BenchmarkParams params) {
      if (params.getBenchmark().contains("shared")) {
        build(Objects.requireNonNull(sharedGraph.graph, "shared graph"));
      } else {
        Graph graph = Graph.create();
        own = graph;
        build(graph);
      }
    }

    /** Closes the own graph. */
    @TearDown(Level.Trial)
    public void tearDown() {
      Graph graph = own;
      if (graph != null) {
        graph.close();
      }
    }

    int write() {
      int v = ++next;
      Objects.requireNonNull(signal, "signal").set(v);
      return sink;
    }
  }

  /**
   * @param chain this thread's chain
   * @return the effect's last value
   */
  @Benchmark
  @Threads(1)
  public int sharedGraph1(Chain chain) {
    return chain.write();
  }

  /**
   * @param chain this thread's chain
   * @return the effect's last value
   */
  @Benchmark
  @Threads(2)
  public int sharedGraph2(Chain chain) {
    return chain.write();
  }

  /**
   * @param chain this thread's chain
   * @return the effect's last value
   */
  @Benchmark
  @Threads(4)
  public int sharedGraph4(Chain chain) {
    return chain.write();
  }

  /**
   * @param chain this thread's chain
   * @return the effect's last value
   */
  @Benchmark
  @Threads(1)
  public int separateGraphs1(Chain chain) {
    return chain.write();
  }

  /**
   * @param chain this thread's chain
   * @return the effect's last value
   */
  @Benchmark
  @Threads(2)
  public int separateGraphs2(Chain chain) {
    return chain.write();
  }

  /**
   * @param chain this thread's chain
   * @return the effect's last value
   */
  @Benchmark
  @Threads(4)
  public int separateGraphs4(Chain chain) {
    return chain.write();
  }
}
