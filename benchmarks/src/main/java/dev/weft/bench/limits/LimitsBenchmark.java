package dev.weft.bench.limits;

import dev.weft.AsyncDerived;
import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time each of issue 10's limits costs (LimitsTest proves that each works). Single-shot: one
 * operation is large (milliseconds to seconds), and first reads and creation can only be measured
 * once per fresh structure. Each benchmark checks its result and throws if it is wrong.
 *
 * <ul>
 *   <li>{@link #createAMillionSignals}: one graph, 1,000,000 signals created (kept reachable).
 *   <li>{@link #writeRunningAHundredThousandEffects}: one write to a signal watched by 100,000 effects.
 *   <li>{@link #firstReadOfAChainOfAHundredThousand}: the first read of the end of a fresh chain of
 *       100,000 derived values (iterative: no StackOverflowError).
 *   <li>{@link #updateAndReadAChainOfAHundredThousand}: a write to the head of a computed chain, then a
 *       read of its end (100,000 recomputations).
 *   <li>{@link #writeUntilTenThousandAsyncDerivedsAreFresh}: a write to the source of 10,000 async
 *       derived values, until every one has rerun on its virtual thread (all in flight at once).
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class LimitsBenchmark {
  static final int SIGNALS = 1_000_000;
  static final int EFFECTS = 100_000;
  static final int CHAIN = 100_000;
  static final int ASYNC = 10_000;

  /** A fresh graph per iteration, to create the million signals in. */
  @State(Scope.Thread)
  public static class FreshGraph {
    @Nullable Graph graph;
    @Nullable List<Signal<Integer>> signals;

    @Setup(Level.Iteration)
    public void setUp() {
      graph = Graph.create();
      signals = null;
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      graph.close();
      signals = null;
    }
  }

  /** One signal watched by 100,000 effects. */
  @State(Scope.Thread)
  public static class FanOut {
    final LongAdder runs = new LongAdder();
    @Nullable Graph graph;
    @Nullable Signal<Integer> source;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      Graph g = Graph.create();
      Signal<Integer> s = g.signal(0);
      for (int i = 0; i < EFFECTS; i++) {
        g.effect(() -> {
          s.get();
          runs.increment();
        });
      }
      graph = g;
      source = s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      graph.close();
    }
  }

  /** A chain head -> d1 -> ... -> d100000, never read (fresh per iteration, for the first read). */
  @State(Scope.Thread)
  public static class FreshChain {
    @Nullable Graph graph;
    @Nullable Signal<Integer> head;
    @Nullable Derived<Integer> end;

    @Setup(Level.Iteration)
    public void setUp() {
      graph = Graph.create();
      head = graph.signal(0);
      end = chain(graph, head);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      graph.close();
    }
  }

  /** The same chain, computed once (front to back in short steps), for update + read. */
  @State(Scope.Thread)
  public static class WarmChain {
    @Nullable Graph graph;
    @Nullable Signal<Integer> head;
    @Nullable Derived<Integer> end;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      graph = Graph.create();
      head = graph.signal(0);
      end = chain(graph, head);
      end.get();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      graph.close();
    }
  }

  /** 10,000 async derived values over one source, each computed once. */
  @State(Scope.Thread)
  public static class AsyncFanOut {
    @Nullable Graph graph;
    @Nullable Signal<Integer> source;
    List<AsyncDerived<Integer>> nodes = List.of();
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      Graph g = Graph.create();
      Signal<Integer> s = g.signal(0);
      List<AsyncDerived<Integer>> list = new ArrayList<>(ASYNC);
      for (int k = 0; k < ASYNC; k++) {
        int offset = k;
        list.add(g.asyncDerived(() -> s.get() + offset));
      }
      graph = g;
      source = s;
      nodes = list;
      awaitAll(list, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      graph.close();
    }
  }

  static Derived<Integer> chain(Graph g, Signal<Integer> head) {
    Derived<Integer> prev = g.derived(head::get);
    for (int i = 1; i < CHAIN; i++) {
      Derived<Integer> p = prev;
      prev = g.derived(() -> p.get() + 1);
    }
    return prev;
  }

  static void awaitAll(List<AsyncDerived<Integer>> nodes, int value) {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(nodes.size());
    for (AsyncDerived<Integer> d : nodes) {
      futures.add(d.toFuture());
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    for (int k = 0; k < futures.size(); k++) {
      if (futures.get(k).join() != value + k) {
        throw new IllegalStateException("async derived " + k + " is " + futures.get(k).join());
      }
    }
  }

  @Benchmark
  public List<Signal<Integer>> createAMillionSignals(FreshGraph state) {
    List<Signal<Integer>> signals = new ArrayList<>(SIGNALS);
    for (int i = 0; i < SIGNALS; i++) {
      signals.add(state.graph.signal(i));
    }
    state.signals = signals; // reachable until the iteration's teardown
    return signals;
  }

  @Benchmark
  public long writeRunningAHundredThousandEffects(FanOut state) {
    long before = state.runs.sum();
    state.source.set(++state.next);
    long ran = state.runs.sum() - before;
    if (ran != EFFECTS) {
      throw new IllegalStateException(ran + " effects ran, not " + EFFECTS);
    }
    return ran;
  }

  @Benchmark
  public int firstReadOfAChainOfAHundredThousand(FreshChain state) {
    int end = state.end.get();
    if (end != CHAIN - 1) {
      throw new IllegalStateException("the end of the chain is " + end);
    }
    return end;
  }

  @Benchmark
  public int updateAndReadAChainOfAHundredThousand(WarmChain state) {
    int v = ++state.next;
    state.head.set(v);
    int end = state.end.get();
    if (end != v + CHAIN - 1) {
      throw new IllegalStateException("the end of the chain is " + end);
    }
    return end;
  }

  @Benchmark
  public int writeUntilTenThousandAsyncDerivedsAreFresh(AsyncFanOut state) {
    int v = ++state.next;
    state.source.set(v);
    awaitAll(state.nodes, v);
    return v;
  }
}
