package dev.weft.bench.dynamic;

import dev.weft.bench.check.CheckCounters;
import dev.weft.bench.check.Checks;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
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
 * The dynamic-graph suite: the graph is built once per trial and run once untimed (the original
 * warms up the same graph); one operation is one full run ({@code iterations} writes and leaf
 * reads), checked for its sum and computed-run count. {@code failedChecks} is the verdict.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DynamicBenchmark {

  /** The library under test. */
  @Param({"weft", "javafx", "vaadin", "sodium", "compose", "rxjava", "reactor"})
  public String framework = "weft";

  /** The graph configuration, by {@link DynamicConfig#id()}. */
  @Param({
    "2-10x5-lazy80",
    "6-10x10-dyn25-lazy80",
    "4-1000x12-dyn5",
    "25-1000x5",
    "3-5x500",
    "6-100x15-dyn50"
  })
  public String config = "25-1000x5";

  private ReactiveFramework fw = Frameworks.create("javafx");
  private Checks checks = new Checks("unset");
  private @Nullable DynamicGraph graph;

  /** Builds the graph and runs it once (the count of the first run differs: it starts fresh). */
  @Setup(Level.Trial)
  public void setUp() {
    fw = Frameworks.create(framework);
    checks = new Checks("dynamic " + config + " on " + framework);
    try {
      DynamicGraph g = DynamicGraph.build(fw, DynamicConfig.byId(config));
      g.run();
      graph = g;
    } catch (RuntimeException e) {
      checks.fail(e);
    } catch (StackOverflowError e) {
      checks.fail(e);
    }
  }

  /**
   * One run of the graph.
   *
   * @param counters receives the correctness verdict
   * @return the leaf sum, consumed by JMH
   */
  @Benchmark
  public double run(CheckCounters counters) {
    double sum = 0;
    DynamicGraph g = graph;
    if (g != null) {
      try {
        sum = g.run();
        g.verify(sum, checks);
      } catch (RuntimeException e) {
        checks.fail(e);
      } catch (StackOverflowError e) {
        checks.fail(e);
      }
    }
    counters.record(checks);
    return sum;
  }

  /** Prints the verdict into the JMH log and disposes the graph. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("CHECKS " + checks.summary());
    fw.cleanup();
  }
}
