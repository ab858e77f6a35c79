package dev.weft.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.framework.Frameworks;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WriteCostBenchmarkTest {

  static final List<String> SHAPES = List.of("write", "effect", "derived", "reads30");

  static Stream<Arguments> everyFrameworkAndShape() {
    return Frameworks.NAMES.stream()
        .flatMap(fw -> SHAPES.stream().map(shape -> Arguments.of(fw, shape)));
  }

  static WriteCostBenchmark.Shape shape(String framework, String name) {
    WriteCostBenchmark.Shape shape = new WriteCostBenchmark.Shape();
    shape.framework = framework;
    shape.shape = name;
    return shape;
  }

  @Nested
  class EveryFrameworkPassesEveryShape {
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("dev.weft.bench.cost.WriteCostBenchmarkTest#everyFrameworkAndShape")
    void overAHundredAndFiftyWrites(String framework, String name) {
      WriteCostBenchmark.Shape shape = shape(framework, name);
      shape.setUp();
      int reads = name.equals("reads30") ? 30 : 1;
      int last = -1;
      for (int i = 0; i < 150; i++) { // past 99: the written value wraps to 0
        last = shape.writeOnce();
      }
      shape.tearDown();
      assertTrue(shape.checks().passed(), shape.checks()::summary);
      // setUp wrote 1, then 150 writes: 2..99, 0..51 -> the last value written is 51
      int expected = name.equals("write") || name.equals("effect") ? 51 : reads * 51;
      assertEquals(expected, last);
    }
  }

  @Nested
  class AnUnknownShape {
    @Test
    void isRefusedByName() {
      WriteCostBenchmark.Shape shape = shape("weft", "wide");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, shape::setUp);
      assertTrue(e.getMessage().contains("wide"), e.getMessage());
    }
  }

  @Nested
  class TheLockFloor {
    @Test
    void incrementsUnderTheLockAndReleasesIt() {
      WriteCostBenchmark.Lock lock = new WriteCostBenchmark.Lock();
      WriteCostBenchmark bench = new WriteCostBenchmark();
      assertEquals(1, bench.uncontendedLock(lock));
      assertEquals(2, bench.uncontendedLock(lock));
      assertEquals(0, lock.lock.getHoldCount());
    }
  }
}
