package dev.weft.bench.kairo;

import dev.weft.bench.check.Checks;
import dev.weft.bench.framework.ReactiveFramework;
import java.util.Arrays;
import java.util.Objects;

/** The nine kairo scenarios, by the names used as the JMH {@code scenario} parameter. */
public enum KairoCase {
  AVOIDABLE_PROPAGATION("avoidablePropagation"),
  BROAD_PROPAGATION("broadPropagation"),
  DEEP_PROPAGATION("deepPropagation"),
  DIAMOND("diamond"),
  MUX("mux"),
  REPEATED_OBSERVERS("repeatedObservers"),
  TRIANGLE("triangle"),
  UNSTABLE("unstable"),
  MOL_BENCH("molBench");

  private final String scenarioName;

  KairoCase(String scenarioName) {
    this.scenarioName = scenarioName;
  }

  /**
   * Returns the scenario's name, as in the js-reactivity-benchmark.
   *
   * @return the name, such as {@code diamond}
   */
  public String scenarioName() {
    return scenarioName;
  }

  /**
   * Builds this scenario's graph on {@code framework}, inside its build scope.
   *
   * @param framework the library under test
   * @param checks where the iterations record failed expectations
   * @return the scenario, ready to iterate
   */
  public KairoScenario build(ReactiveFramework framework, Checks checks) {
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(checks, "checks");
    return framework.withBuild(
        () ->
            switch (this) {
              case AVOIDABLE_PROPAGATION -> KairoGraphs.avoidablePropagation(framework, checks);
              case BROAD_PROPAGATION -> KairoGraphs.broadPropagation(framework, checks);
              case DEEP_PROPAGATION -> KairoGraphs.deepPropagation(framework, checks);
              case DIAMOND -> KairoGraphs.diamond(framework, checks);
              case MUX -> KairoGraphs.mux(framework, checks);
              case REPEATED_OBSERVERS -> KairoGraphs.repeatedObservers(framework, checks);
              case TRIANGLE -> KairoGraphs.triangle(framework, checks);
              case UNSTABLE -> KairoGraphs.unstable(framework, checks);
              case MOL_BENCH -> KairoGraphs.molBench(framework, checks);
            });
  }

  /**
   * Finds a scenario by name.
   *
   * @param name a name such as {@code diamond}
   * @return the scenario
   * @throws IllegalArgumentException when no scenario has that name
   */
  public static KairoCase byName(String name) {
    for (KairoCase c : values()) {
      if (c.scenarioName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown kairo scenario '"
            + name
            + "': use one of "
            + Arrays.stream(values()).map(KairoCase::scenarioName).toList());
  }
}
