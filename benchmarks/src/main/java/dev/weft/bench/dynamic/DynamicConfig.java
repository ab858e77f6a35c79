package dev.weft.bench.dynamic;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One dynamic-graph configuration of the js-reactivity-benchmark ({@code perfTests}), with its
 * expected leaf sum and number of computed runs per run of the graph.
 *
 * @param width sources, and computed nodes per layer
 * @param totalLayers layers, counting the source layer
 * @param staticFraction the probability that a node is static (reads all its sources)
 * @param nSources how many nodes of the previous layer each node reads
 * @param readFraction the fraction of leaves the effect (and the run) reads
 * @param iterations writes per run
 * @param expectedSum the sum of the read leaves after a run
 * @param expectedCount computed runs in one run (after a first, warm-up run)
 */
public record DynamicConfig(
    int width,
    int totalLayers,
    double staticFraction,
    int nSources,
    double readFraction,
    int iterations,
    double expectedSum,
    long expectedCount) {

  /** The six configurations of the benchmark, in its order, with its expected results. */
  public static final List<DynamicConfig> STANDARD =
      List.of(
          new DynamicConfig(10, 5, 1, 2, 0.2, 600_000, 19_199_968, 3_480_000),
          new DynamicConfig(10, 10, 0.75, 6, 0.2, 15_000, 302_310_782_860.0, 1_155_000),
          new DynamicConfig(1000, 12, 0.95, 4, 1, 7000, 29_355_933_696_000.0, 1_463_000),
          new DynamicConfig(1000, 5, 1, 25, 1, 3000, 1_171_484_375_000.0, 732_000),
          new DynamicConfig(5, 500, 1, 3, 1, 500, 3.0239642676898464e241, 1_246_500),
          new DynamicConfig(100, 15, 0.5, 6, 1, 2000, 15_664_996_402_790_400.0, 1_078_000));

  public DynamicConfig {
    if (width < 2 || totalLayers < 2 || nSources < 1 || iterations < 0) {
      throw new IllegalArgumentException(
          "need width >= 2, totalLayers >= 2, nSources >= 1, iterations >= 0: " + this);
    }
  }

  /**
   * The configuration's short id, used as the JMH {@code config} parameter, such as
   * {@code 6-10x10-dyn25-lazy80}.
   *
   * @return the id
   */
  public String id() {
    String dyn = staticFraction < 1 ? "-dyn" + percent(1 - staticFraction) : "";
    String lazy = readFraction < 1 ? "-lazy" + percent(1 - readFraction) : "";
    return nSources + "-" + width + "x" + totalLayers + dyn + lazy;
  }

  /**
   * The title the js-reactivity-benchmark prints, such as {@code 6-10x10 - dyn25% - lazy80%}.
   *
   * @return the title
   */
  public String title() {
    String dyn = staticFraction < 1 ? " - dyn" + percent(1 - staticFraction) + "%" : "";
    String lazy = readFraction < 1 ? " - lazy" + percent(1 - readFraction) + "%" : "";
    return nSources + "-" + width + "x" + totalLayers + dyn + lazy;
  }

  /**
   * A smaller graph of the same kind (same source count, static and read fractions), for tests.
   * Its expected results are unknown ({@code NaN}, {@code -1}) until {@link #withExpected} sets
   * them, typically from a reference implementation.
   *
   * @param newWidth sources and nodes per layer
   * @param newTotalLayers layers, counting the sources
   * @param newIterations writes per run
   * @return the resized configuration
   */
  public DynamicConfig resized(int newWidth, int newTotalLayers, int newIterations) {
    return new DynamicConfig(
        newWidth,
        newTotalLayers,
        staticFraction,
        nSources,
        readFraction,
        newIterations,
        Double.NaN,
        -1);
  }

  /**
   * The same configuration with the given expected results.
   *
   * @param sum the expected leaf sum
   * @param count the expected computed runs per run
   * @return the configuration
   */
  public DynamicConfig withExpected(double sum, long count) {
    return new DynamicConfig(
        width, totalLayers, staticFraction, nSources, readFraction, iterations, sum, count);
  }

  /**
   * Finds a standard configuration by {@link #id()}.
   *
   * @param id such as {@code 25-1000x5}
   * @return the configuration
   * @throws IllegalArgumentException when no standard configuration has that id
   */
  public static DynamicConfig byId(String id) {
    Objects.requireNonNull(id, "id");
    for (DynamicConfig config : STANDARD) {
      if (config.id().equals(id)) {
        return config;
      }
    }
    throw new IllegalArgumentException(
        "unknown dynamic config '"
            + id
            + "': use one of "
            + STANDARD.stream().map(DynamicConfig::id).toList());
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%d", Math.round(fraction * 100));
  }
}
