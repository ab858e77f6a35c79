package dev.weft.bench.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How each signal suite is reported: which JMH benchmark and parameter identify a row, how a
 * score converts to the suite's unit, the alien-signals 3.2.1 reference numbers (BENCH-SPEC.md,
 * Node 20 on a 2-core machine) and the required speed-up over every passing peer.
 */
enum Suite {
  KAIRO(
      "Kairo",
      "KairoBenchmark.iter",
      "scenario",
      "ms per 500 iterations",
      500,
      5,
      Map.of(
          "avoidablePropagation", 54.6,
          "broadPropagation", 108.2,
          "deepPropagation", 33.6,
          "diamond", 68.6,
          "mux", 97.0,
          "repeatedObservers", 18.2,
          "triangle", 22.9,
          "unstable", 29.8,
          "molBench", 18.4)),
  CELLX("cellx", "CellxBenchmark.update", "layers", "ms per update", 1, 5, Map.of("1000", 12.3)),
  DYNAMIC(
      "Dynamic graphs",
      "DynamicBenchmark.run",
      "config",
      "ms per run",
      1,
      1,
      Map.of(
          "2-10x5-lazy80", 188.8,
          "6-10x10-dyn25-lazy80", 142.5,
          "4-1000x12-dyn5", 337.4,
          "25-1000x5", 445.9,
          "3-5x500", 108.7,
          "6-100x15-dyn50", 181.2)),
  SBENCH("sbench", "SbenchBenchmark.run", "benchCase", "ms per operation", 1, 1, Map.of());

  private final String title;
  private final String benchmark;
  private final String rowParam;
  private final String unit;
  private final int opsPerRow;
  private final double requiredSpeedup;
  private final Map<String, Double> alien;

  Suite(
      String title,
      String benchmark,
      String rowParam,
      String unit,
      int opsPerRow,
      double requiredSpeedup,
      Map<String, Double> alien) {
    this.title = title;
    this.benchmark = benchmark;
    this.rowParam = rowParam;
    this.unit = unit;
    this.opsPerRow = opsPerRow;
    this.requiredSpeedup = requiredSpeedup;
    this.alien = alien;
  }

  String title() {
    return title;
  }

  String rowParam() {
    return rowParam;
  }

  String unit() {
    return unit;
  }

  /** Speed-up over every passing peer the targets require (5 on kairo and cellx, else 1). */
  double requiredSpeedup() {
    return requiredSpeedup;
  }

  /** Whether the suite has alien-signals reference numbers. */
  boolean hasReference() {
    return !alien.isEmpty();
  }

  Optional<Double> alien(String row) {
    return Optional.ofNullable(alien.get(row));
  }

  boolean owns(BenchResult result) {
    return result.benchmark().equals(benchmark);
  }

  String row(BenchResult result) {
    return result.params().getOrDefault(rowParam, "");
  }

  /**
   * Converts a score to this suite's unit (milliseconds for the whole row's work).
   *
   * @param result the result
   * @return the time in the suite's unit, NaN for a unit that is not a time per operation
   */
  double toSuiteUnit(BenchResult result) {
    double ms = millisPerOp(result.score(), result.unit());
    return ms * opsPerRow;
  }

  static double millisPerOp(double score, String unit) {
    return switch (unit) {
      case "ns/op" -> score / 1e6;
      case "us/op" -> score / 1e3;
      case "ms/op" -> score;
      case "s/op" -> score * 1e3;
      default -> Double.NaN;
    };
  }

  static @Nullable Suite of(BenchResult result) {
    for (Suite suite : values()) {
      if (suite.owns(result)) {
        return suite;
      }
    }
    return null;
  }

  static List<Suite> ordered() {
    return List.of(values());
  }
}
