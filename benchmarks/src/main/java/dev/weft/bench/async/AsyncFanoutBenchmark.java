package dev.weft.bench.async;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * {@code count} async derived values over one source: one operation writes the source and waits
 * until every one of them has recomputed (each on its own virtual thread, through
 * {@code toFuture()}), then checks every value.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class AsyncFanoutBenchmark {

  /** Async derived values over the source. */
  @Param({"100000"})
  public int count = 100_000;

  private @Nullable Graph graph;
  private @Nullable Signal<Integer> source;
  private List<AsyncDerived<Integer>> nodes = List.of();
  private int next;

  /** Creates the nodes and computes them once. */
  @Setup(Level.Trial)
  public void setUp() {
    Graph g = Graph.create();
    Signal<Integer> s = g.signal(0);
    List<AsyncDerived<Integer>> list = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int offset = k;
      list.add(g.asyncDerived(() -> s.get() + offset));
    }
    graph = g;
    source = s;
    nodes = list;
    awaitAll(0);
  }

  /** Closes the graph. */
  @TearDown(Level.Trial)
  public void tearDown() {
    Objects.requireNonNull(graph, "graph").close();
  }

  /**
   * One write, then every node's fresh value.
   *
   * @return the last node's value
   */
  @Benchmark
  public int writeThenAwaitAll() {
    int v = ++next;
    Objects.requireNonNull(source, "source").set(v);
    return awaitAll(v);
  }

  private int awaitAll(int v) {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(count);
    for (AsyncDerived<Integer> node : nodes) {
      futures.add(node.toFuture());
    }
    int last = 0;
    for (int k = 0; k < count; k++) {
      last = futures.get(k).join();
      if (last != v + k) {
        throw new IllegalStateException(
            "async derived " + k + " is stale: expected " + (v + k) + " but was " + last);
      }
    }
    return last;
  }
}
