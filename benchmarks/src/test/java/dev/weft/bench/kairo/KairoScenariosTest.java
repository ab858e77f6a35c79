package dev.weft.bench.kairo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.check.Checks;
import dev.weft.bench.check.Outcomes;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.ReferenceFramework;
import dev.weft.bench.framework.Source;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class KairoScenariosTest {

  private static final List<String> NAMES =
      Arrays.stream(KairoCase.values()).map(KairoCase::scenarioName).toList();

  static Stream<Arguments> everyFrameworkAndScenario() {
    return Outcomes.cross(NAMES);
  }

  /** Builds, then runs two iterations (the first after build, then a steady one). */
  static Checks runTwice(ReactiveFramework fw, KairoCase kairoCase) {
    Checks checks = new Checks("kairo " + kairoCase.scenarioName() + " on " + fw.name());
    try {
      KairoScenario scenario = kairoCase.build(fw, checks);
      scenario.iter();
      scenario.iter();
    } catch (RuntimeException e) {
      checks.fail(e);
    } finally {
      fw.cleanup();
    }
    return checks;
  }

  @Nested
  class ThePortsExpectationsHold {
    @ParameterizedTest
    @EnumSource(KairoCase.class)
    void onTheReferenceImplementation(KairoCase kairoCase) {
      Checks checks = runTwice(ReferenceFramework.create(), kairoCase);
      assertTrue(checks.passed(), checks::summary);
    }
  }

  @Nested
  class EveryFrameworkHasItsDocumentedOutcome {
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("dev.weft.bench.kairo.KairoScenariosTest#everyFrameworkAndScenario")
    void atBenchmarkSize(String framework, String scenario) {
      Checks checks = runTwice(Frameworks.create(framework), KairoCase.byName(scenario));
      Outcomes.assertDocumented(framework, "kairo/" + scenario, checks);
    }
  }

  @Nested
  class ChecksCatchAFrameworkThatDoesNotBatch {
    @Test
    void molBenchFailsWhenEffectsRunPerWrite() {
      Checks checks = runTwice(new UnbatchedReference(), KairoCase.MOL_BENCH);
      assertFalse(checks.passed());
      assertTrue(checks.messages().getFirst().startsWith("mol H after first batch"), checks::summary);
    }
  }

  @Nested
  class Helpers {
    @Test
    void hardAddsFib16() {
      assertEquals(1597, KairoGraphs.fib(16));
      assertEquals(1600, KairoGraphs.hard(3));
    }

    @Test
    void byNameRejectsUnknownScenarios() {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> KairoCase.byName("nope"));
      assertTrue(e.getMessage().contains("diamond"), e.getMessage());
    }
  }

  /** The reference implementation with batching switched off: every write flushes effects. */
  private static final class UnbatchedReference implements ReactiveFramework {
    private final ReferenceFramework delegate = ReferenceFramework.create();

    @Override
    public String name() {
      return "unbatched";
    }

    @Override
    public <T> Source<T> signal(T initial) {
      return delegate.signal(initial);
    }

    @Override
    public <T> dev.weft.bench.framework.Computed<T> computed(Supplier<T> fn) {
      return delegate.computed(fn);
    }

    @Override
    public void effect(Runnable fn) {
      delegate.effect(fn);
    }

    @Override
    public void withBatch(Runnable fn) {
      fn.run();
    }

    @Override
    public <T> T withBuild(Supplier<T> fn) {
      return fn.get();
    }

    @Override
    public void cleanup() {
      delegate.cleanup();
    }

    @Override
    public boolean pullComputeds() {
      return true;
    }
  }
}
