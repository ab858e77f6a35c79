package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One JMH result row: a benchmark method with its parameters, its score and, for the signal
 * suites, its correctness verdict.
 *
 * @param benchmark the simple class name and method, such as {@code KairoBenchmark.iter}
 * @param params the JMH parameters
 * @param threads benchmark threads
 * @param score the primary score
 * @param error the score error (NaN when JMH had too few iterations)
 * @param unit the score unit, such as {@code us/op}
 * @param failedChecks the {@code failedChecks} counter, or {@code null} where no checks exist
 */
record BenchResult(
    String benchmark,
    Map<String, String> params,
    int threads,
    double score,
    double error,
    String unit,
    @Nullable Double failedChecks) {

  BenchResult {
    Objects.requireNonNull(benchmark, "benchmark");
    params = Map.copyOf(params);
  }

  /**
   * Tells whether every check passed (results without checks pass).
   *
   * @return {@code false} when at least one check failed
   */
  boolean passed() {
    return failedChecks == null || failedChecks == 0;
  }

  /**
   * The framework parameter.
   *
   * @return the framework, or {@code ""} when the benchmark has none
   */
  String framework() {
    return params.getOrDefault("framework", "");
  }

  /**
   * Reads every result of a JMH JSON document.
   *
   * @param json the document text
   * @return its results, in file order
   * @throws IllegalArgumentException when the text is not a JMH result list
   */
  @SuppressWarnings("unchecked")
  static List<BenchResult> parse(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof List<?> list)) {
      throw new IllegalArgumentException("a JMH result file is a JSON array");
    }
    List<BenchResult> results = new ArrayList<>();
    for (Object item : list) {
      Map<String, Object> row = (Map<String, Object>) item;
      String full = (String) row.get("benchmark");
      String[] parts = full.split("\\.");
      String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
      Map<String, String> params = new LinkedHashMap<>();
      Object p = row.get("params");
      if (p instanceof Map<?, ?> map) {
        map.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
      }
      Map<String, Object> primary = (Map<String, Object>) row.get("primaryMetric");
      Double failed = null;
      Object secondary = row.get("secondaryMetrics");
      if (secondary instanceof Map<?, ?> metrics && metrics.get("failedChecks") instanceof Map<?, ?> fc) {
        failed = number(fc.get("score"));
      }
      Object threads = row.get("threads");
      results.add(
          new BenchResult(
              name,
              params,
              threads instanceof Double d ? d.intValue() : 1,
              number(primary.get("score")),
              number(primary.get("scoreError")),
              String.valueOf(primary.get("scoreUnit")),
              failed));
    }
    return results;
  }

  private static double number(@Nullable Object value) {
    if (value instanceof Double d) {
      return d;
    }
    return Double.NaN; // JMH writes "NaN" as a string
  }
}
