package dev.weft.bench.cellx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.check.Checks;
import dev.weft.bench.check.Outcomes;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.ReferenceFramework;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CellxScenarioTest {

  /**
   * Layers in the per-framework test: deep enough for several diamonds, shallow enough that the
   * exponential re-propagation of the non-batching peers (about 2^layers runs) stays small.
   */
  static final int SMALL_LAYERS = 14;

  static Checks runOnce(ReactiveFramework fw, int layers) {
    Checks checks = new Checks("cellx" + layers + " on " + fw.name());
    try {
      CellxScenario graph = CellxScenario.build(fw, layers, checks);
      graph.update();
      graph.verify();
    } catch (RuntimeException e) {
      checks.fail(e);
    } finally {
      fw.cleanup();
    }
    return checks;
  }

  static java.util.List<String> frameworks() {
    return Outcomes.frameworks();
  }

  @Nested
  class ExpectedEndValues {
    @Test
    void matchTheOriginalFor1000And2500Layers() {
      for (int layers : new int[] {1000, 2500}) {
        assertArrayEquals(
            new int[] {-3, -6, -2, 2}, CellxScenario.expectedEnd(layers, new int[] {1, 2, 3, 4}));
        assertArrayEquals(
            new int[] {-2, -4, 2, 3}, CellxScenario.expectedEnd(layers, new int[] {4, 3, 2, 1}));
      }
    }

    @Test
    void holdOnTheReferenceImplementationAt1000Layers() {
      Checks checks = runOnce(ReferenceFramework.create(), 1000);
      assertTrue(checks.passed(), checks::summary);
    }
  }

  @Nested
  class EveryFrameworkHasItsDocumentedOutcome {
    @ParameterizedTest
    @MethodSource("dev.weft.bench.cellx.CellxScenarioTest#frameworks")
    void atSmallSize(String framework) {
      Checks checks = runOnce(Frameworks.create(framework), SMALL_LAYERS);
      Outcomes.assertDocumented(framework, "cellx/" + SMALL_LAYERS, checks);
    }
  }

  @Nested
  class Arguments {
    @Test
    void rejectsNoLayers() {
      assertThrows(
          IllegalArgumentException.class,
          () -> CellxScenario.build(ReferenceFramework.create(), 0, new Checks("x")));
    }
  }
}
