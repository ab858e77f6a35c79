package dev.weft.bench.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.framework.Frameworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The documented outcome of every peer on every scenario at the tests' small sizes, and the
 * assertion that the recorded outcome matches it, so a regression in either direction (a peer
 * that starts failing, or a documented failure that disappears because a check got weaker) is
 * caught. Weft must pass everything. The reasons are the ones BENCHMARKS.md gives.
 */
public final class Outcomes {

  private static final String NO_BATCH =
      "no batching: effects run once per write and observe intermediate states";
  private static final String FIXED_DEPS =
      "sources fixed at creation (no dynamic dependencies): a branch read later is not subscribed";
  private static final String GLITCH_COUNT =
      "no batching and eager glitchy propagation: computed runs exceed the lazy count";
  private static final String EXTRA_RUNS =
      "recomputes computeds whose inputs did not change: computed runs exceed the lazy count";
  private static final String VAADIN_LOOP =
      "throws 'Infinite loop detected between effect updates' on an acyclic graph";
  private static final String FIXED_DEPS_AND_GLITCHES =
      "sources fixed at creation, and glitchy eager propagation: wrong sum, too many runs";

  /** scenario id → (framework → why it fails). Everything not listed must pass. */
  private static final Map<String, Map<String, String>> FAILING =
      Map.ofEntries(
          Map.entry("kairo/diamond", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("kairo/triangle", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry(
              "kairo/unstable",
              Map.of("javafx", NO_BATCH, "sodium", FIXED_DEPS, "rxjava", FIXED_DEPS, "reactor", FIXED_DEPS)),
          Map.entry("kairo/molBench", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("dynamic/2-10x5-lazy80", Map.of("javafx", GLITCH_COUNT, "vaadin", EXTRA_RUNS)),
          Map.entry(
              "dynamic/6-10x10-dyn25-lazy80",
              Map.of("javafx", GLITCH_COUNT, "vaadin", EXTRA_RUNS, "sodium", FIXED_DEPS, "rxjava", FIXED_DEPS, "reactor", FIXED_DEPS)),
          Map.entry(
              "dynamic/4-1000x12-dyn5",
              Map.of("vaadin", VAADIN_LOOP, "sodium", FIXED_DEPS, "rxjava", FIXED_DEPS_AND_GLITCHES, "reactor", FIXED_DEPS_AND_GLITCHES)),
          Map.entry(
              "dynamic/25-1000x5",
              Map.of("javafx", GLITCH_COUNT, "vaadin", EXTRA_RUNS, "rxjava", GLITCH_COUNT, "reactor", GLITCH_COUNT)),
          Map.entry(
              "dynamic/3-5x500",
              Map.of("javafx", GLITCH_COUNT, "vaadin", EXTRA_RUNS, "rxjava", GLITCH_COUNT, "reactor", GLITCH_COUNT)),
          Map.entry(
              "dynamic/6-100x15-dyn50",
              Map.of("javafx", GLITCH_COUNT, "vaadin", EXTRA_RUNS, "sodium", FIXED_DEPS, "rxjava", FIXED_DEPS_AND_GLITCHES, "reactor", FIXED_DEPS_AND_GLITCHES)),
          Map.entry("sbench/update1to1", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("sbench/update2to1", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("sbench/update4to1", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("sbench/update1000to1", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("sbench/update1to2", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("sbench/update1to4", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)),
          Map.entry("sbench/update1to1000", Map.of("javafx", NO_BATCH, "rxjava", NO_BATCH, "reactor", NO_BATCH)));

  private Outcomes() {}

  /**
   * The frameworks the tests run: every adapter of {@link Frameworks#NAMES} that exists.
   *
   * @return framework names
   */
  public static List<String> frameworks() {
    return Frameworks.available();
  }

  /**
   * Every (framework, scenario) pair, for parameterized tests.
   *
   * @param scenarios the scenario names
   * @return the arguments
   */
  public static Stream<Arguments> cross(List<String> scenarios) {
    List<Arguments> all = new ArrayList<>();
    for (String framework : frameworks()) {
      for (String scenario : scenarios) {
        all.add(Arguments.of(framework, scenario));
      }
    }
    return all.stream();
  }

  /**
   * Asserts that {@code checks} is the documented outcome of {@code framework} on the scenario.
   *
   * @param framework the framework name
   * @param scenarioId such as {@code kairo/diamond}
   * @param checks the recorded outcome
   */
  public static void assertDocumented(String framework, String scenarioId, Checks checks) {
    String reason = FAILING.getOrDefault(scenarioId, Map.of()).get(framework);
    if (reason == null) {
      assertTrue(checks.passed(), () -> scenarioId + " must pass: " + checks.summary());
    } else {
      assertFalse(
          checks.passed(),
          () ->
              scenarioId
                  + " on "
                  + framework
                  + " is documented to fail ("
                  + reason
                  + ") but passed: update Outcomes and BENCHMARKS.md, or a check got weaker");
    }
  }
}
