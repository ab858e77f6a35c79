package dev.weft.bench.sbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.check.Checks;
import dev.weft.bench.check.Outcomes;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.ReferenceFramework;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SbenchCaseTest {

  /** The base count in tests (the benchmark uses 100,000). */
  static final int SMALL_COUNT = 2000;

  static Checks runOnce(ReactiveFramework fw, SbenchCase sbenchCase, int count) {
    Checks checks = new Checks("sbench " + sbenchCase.caseName() + " on " + fw.name());
    try {
      sbenchCase.run(fw, count, sbenchCase.createSources(fw, count), checks);
    } catch (RuntimeException e) {
      checks.fail(e);
      fw.cleanup();
    }
    return checks;
  }

  static Stream<Arguments> everyFrameworkAndCase() {
    return Outcomes.cross(Arrays.stream(SbenchCase.values()).map(SbenchCase::caseName).toList());
  }

  @Nested
  class ThePortsExpectationsHold {
    @ParameterizedTest
    @EnumSource(SbenchCase.class)
    void onTheReferenceImplementation(SbenchCase sbenchCase) {
      Checks checks = runOnce(ReferenceFramework.create(), sbenchCase, SMALL_COUNT);
      assertTrue(checks.passed(), checks::summary);
    }
  }

  @Nested
  class EveryFrameworkHasItsDocumentedOutcome {
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("dev.weft.bench.sbench.SbenchCaseTest#everyFrameworkAndCase")
    void atSmallSize(String framework, String caseName) {
      Checks checks = runOnce(Frameworks.create(framework), SbenchCase.byName(caseName), SMALL_COUNT);
      Outcomes.assertDocumented(framework, "sbench/" + caseName, checks);
    }
  }

  @Nested
  class Sizes {
    @Test
    void followTheOriginalForCount100000() {
      int count = 100_000;
      assertEquals(400_000, SbenchCase.UPDATE_1_TO_1.n(count));
      assertEquals(400, SbenchCase.UPDATE_1000_TO_1.n(count));
      assertEquals(100, SbenchCase.CREATE_1000_TO_1.n(count));
      assertEquals(50_000, SbenchCase.CREATE_2_TO_1.n(count));
      assertEquals(100_000, SbenchCase.CREATE_2_TO_1.sourceCount(count));
      assertEquals(12_500, SbenchCase.CREATE_1_TO_8.sourceCount(count));
      assertEquals(0, SbenchCase.CREATE_0_TO_1.sourceCount(count));
      assertEquals(1000, SbenchCase.UPDATE_1000_TO_1.sourceCount(count));
    }
  }
}
