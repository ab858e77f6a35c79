package dev.weft.bench.cellx;

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
 * The cellx suite: the graph is built fresh before every operation (untimed, a JMH
 * {@link Level#Invocation} setup, acceptable here since one update takes milliseconds); the
 * operation is the update only, as in the original. {@code failedChecks} is the verdict.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CellxBenchmark {

  /** The library under test. */
  @Param({"weft", "javafx", "vaadin", "sodium", "compose", "rxjava", "reactor"})
  public String framework = "weft";

  /** Number of layers. */
  @Param({"1000", "2500"})
  public int layers = 1000;

  private ReactiveFramework fw = Frameworks.create("javafx");
  private Checks checks = new Checks("unset");
  private @Nullable CellxScenario graph;

  /** Creates the adapter and the trial's checks. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    fw = Frameworks.create(framework);
    checks = new Checks("cellx" + layers + " on " + framework);
  }

  /** Builds a fresh graph (untimed). */
  @Setup(Level.Invocation)
  public void build() {
    try {
      graph = CellxScenario.build(fw, layers, checks);
    } catch (RuntimeException e) {
      checks.fail(e);
      graph = null;
    } catch (StackOverflowError e) {
      checks.fail(e);
      graph = null;
    }
  }

  /**
   * The update.
   *
   * @param counters receives the correctness verdict
   */
  @Benchmark
  public void update(CheckCounters counters) {
    CellxScenario g = graph;
    if (g != null) {
      try {
        g.update();
        g.verify();
      } catch (RuntimeException e) {
        checks.fail(e);
      } catch (StackOverflowError e) {
        checks.fail(e);
      }
    }
    counters.record(checks);
  }

  /** Disposes the graph (untimed). */
  @TearDown(Level.Invocation)
  public void dispose() {
    fw.cleanup();
    graph = null;
  }

  /** Prints the verdict into the JMH log. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("CHECKS " + checks.summary());
  }
}
