package dev.weft.bench.sbench;

import dev.weft.bench.check.CheckCounters;
import dev.weft.bench.check.Checks;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.Source;
import java.util.List;
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
 * The sbench suite: sources are created before each operation (untimed); the operation builds
 * the case's computations, runs its writes in one batch and disposes everything, as in the
 * original. {@code failedChecks} is the verdict.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SbenchBenchmark {

  /** The library under test. */
  @Param({"weft", "javafx", "vaadin", "sodium", "compose", "rxjava", "reactor"})
  public String framework = "weft";

  /** The sbench case. */
  @Param({
    "createSignals",
    "create0to1",
    "create1to1",
    "create2to1",
    "create4to1",
    "create1000to1",
    "create1to2",
    "create1to4",
    "create1to8",
    "create1to1000",
    "update1to1",
    "update2to1",
    "update4to1",
    "update1000to1",
    "update1to2",
    "update1to4",
    "update1to1000"
  })
  public String benchCase = "create1to1";

  /** The base count (COUNT). */
  @Param({"100000"})
  public int count = 100_000;

  private ReactiveFramework fw = Frameworks.create("javafx");
  private SbenchCase sbenchCase = SbenchCase.CREATE_1_TO_1;
  private Checks checks = new Checks("unset");
  private List<Source<Integer>> sources = List.of();

  /** Creates the adapter. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    fw = Frameworks.create(framework);
    sbenchCase = SbenchCase.byName(benchCase);
    checks = new Checks("sbench " + benchCase + " on " + framework);
  }

  /** Creates the sources (untimed). */
  @Setup(Level.Invocation)
  public void createSources() {
    sources = sbenchCase.createSources(fw, count);
  }

  /**
   * Builds, updates and disposes.
   *
   * @param counters receives the correctness verdict
   */
  @Benchmark
  public void run(CheckCounters counters) {
    try {
      sbenchCase.run(fw, count, sources, checks);
    } catch (RuntimeException e) {
      checks.fail(e);
      fw.cleanup();
    } catch (StackOverflowError e) {
      checks.fail(e);
      fw.cleanup();
    }
    counters.record(checks);
  }

  /** Drops the sources. */
  @TearDown(Level.Invocation)
  public void dropSources() {
    sources = List.of();
  }

  /** Prints the verdict into the JMH log. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("CHECKS " + checks.summary());
  }
}
