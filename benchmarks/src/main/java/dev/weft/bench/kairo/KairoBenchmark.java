package dev.weft.bench.kairo;

import dev.weft.bench.check.CheckCounters;
import dev.weft.bench.check.Checks;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import java.util.concurrent.TimeUnit;
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
 * The kairo suite: one operation is one {@code iter()} of a graph built once per trial, as in the
 * js-reactivity-benchmark (which reports the time of 500 of them). The secondary metric
 * {@code failedChecks} is zero exactly when the framework passed every check.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KairoBenchmark {

  /** The library under test. */
  @Param({"weft", "javafx", "vaadin", "sodium", "compose", "rxjava", "reactor"})
  public String framework = "weft";

  /** The kairo scenario. */
  @Param({
    "avoidablePropagation",
    "broadPropagation",
    "deepPropagation",
    "diamond",
    "mux",
    "repeatedObservers",
    "triangle",
    "unstable",
    "molBench"
  })
  public String scenario = "diamond";

  private ReactiveFramework fw = Frameworks.create("javafx");
  private Checks checks = new Checks("unset");
  private KairoScenario iter = () -> {};

  /** Builds the graph and runs the original's three warm-up iterations. */
  @Setup(Level.Trial)
  public void setUp() {
    fw = Frameworks.create(framework);
    checks = new Checks("kairo " + scenario + " on " + framework);
    KairoCase kairoCase = KairoCase.byName(scenario);
    try {
      iter = kairoCase.build(fw, checks);
    } catch (RuntimeException e) {
      checks.fail(e);
    } catch (StackOverflowError e) {
      checks.fail(e);
    }
    for (int i = 0; i < 3; i++) {
      iterOnce();
    }
  }

  /**
   * One kairo iteration.
   *
   * @param counters receives the correctness verdict
   */
  @Benchmark
  public void iter(CheckCounters counters) {
    iterOnce();
    counters.record(checks);
  }

  private void iterOnce() {
    try {
      iter.iter();
    } catch (RuntimeException e) {
      checks.fail(e);
    } catch (StackOverflowError e) {
      checks.fail(e);
    }
  }

  /** Prints the verdict into the JMH log and disposes the graph. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("CHECKS " + checks.summary());
    fw.cleanup();
  }
}
