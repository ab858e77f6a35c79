package dev.weft.bench.async;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Async derived rerun latency, measured in the same run as its baselines:
 *
 * <ul>
 *   <li>{@code virtualThreadStartJoin}: a bare {@code Thread.ofVirtual().start(..).join()}, the
 *       floor of anything that runs a body on a fresh virtual thread and waits for it;
 *   <li>{@code asyncDerivedRerunSameThread}: write the source, then {@code await()} on the same
 *       thread: the rerun runs on a new virtual thread, the caller waits for it;
 *   <li>{@code asyncDerivedRerunOtherThread}: write the source on the benchmark thread, hand the
 *       written value to a long-lived awaiter (a virtual thread) which {@code await()}s the fresh
 *       value and hands it back: "write on one thread, fresh value seen on another";
 *   <li>{@code handoffOnly}: the same round trip to the awaiter without any write or await, the
 *       part of the previous figure that is the measuring harness, not Weft.
 * </ul>
 *
 * Each operation checks the value it got and throws on a stale one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AsyncLatencyBenchmark {

  private static final int HANDOFF_ONLY = -1;
  private static final int STOP = Integer.MIN_VALUE;

  private @Nullable Graph graph;
  private @Nullable Signal<Integer> source;
  private @Nullable AsyncDerived<Integer> plusOne;
  /** Benchmark thread → awaiter: the value written, or HANDOFF_ONLY / STOP. */
  private final SynchronousQueue<Integer> requests = new SynchronousQueue<>();
  /** Awaiter → benchmark thread: the fresh value it saw. */
  private final SynchronousQueue<Integer> responses = new SynchronousQueue<>();
  private @Nullable Thread awaiter;
  private int next;

  /** Creates the graph and starts the awaiter. */
  @Setup(Level.Trial)
  public void setUp() {
    Graph g = Graph.create();
    Signal<Integer> s = g.signal(0);
    AsyncDerived<Integer> d = g.asyncDerived(() -> s.get() + 1);
    d.await();
    graph = g;
    source = s;
    plusOne = d;
    awaiter = Thread.ofVirtual().name("awaiter").start(() -> awaitLoop(d));
  }

  private void awaitLoop(AsyncDerived<Integer> d) {
    try {
      while (true) {
        int written = requests.take();
        if (written == STOP) {
          return;
        }
        responses.put(written == HANDOFF_ONLY ? HANDOFF_ONLY : d.await());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the awaiter and closes the graph. */
  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    requests.put(STOP);
    Objects.requireNonNull(awaiter, "awaiter").join();
    Objects.requireNonNull(graph, "graph").close();
  }

  /**
   * The floor: start a virtual thread and join it.
   *
   * @throws InterruptedException never in practice
   */
  @Benchmark
  public void virtualThreadStartJoin() throws InterruptedException {
    Thread.ofVirtual().start(() -> {}).join();
  }

  /**
   * Write, then await the fresh value on the same thread.
   *
   * @return the fresh value
   */
  @Benchmark
  public int asyncDerivedRerunSameThread() {
    int v = ++next;
    Objects.requireNonNull(source, "source").set(v);
    int fresh = Objects.requireNonNull(plusOne, "plusOne").await();
    if (fresh != v + 1) {
      throw new IllegalStateException("stale async derived: wrote " + v + ", saw " + fresh);
    }
    return fresh;
  }

  /**
   * Write here, await the fresh value on the awaiter thread.
   *
   * @return the fresh value the awaiter saw
   * @throws InterruptedException never in practice
   */
  @Benchmark
  public int asyncDerivedRerunOtherThread() throws InterruptedException {
    int v = ++next;
    Objects.requireNonNull(source, "source").set(v);
    requests.put(v);
    int fresh = responses.take();
    if (fresh != v + 1) {
      throw new IllegalStateException("stale async derived: wrote " + v + ", saw " + fresh);
    }
    return fresh;
  }

  /**
   * The round trip to the awaiter alone.
   *
   * @return the echo
   * @throws InterruptedException never in practice
   */
  @Benchmark
  public int handoffOnly() throws InterruptedException {
    requests.put(HANDOFF_ONLY);
    return responses.take();
  }
}
