package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Graph#isTracking()}: whether a read made now would become a dependency. */
class GraphTrackingTest {
  final Graph g = Graph.builder().name("tracking-test").build();

  @AfterEach
  void close() {
    g.close();
  }

  @Nested
  class IsTracking {
    @Test
    void onlyInsideComputationsOfTheGraphAndNotWhenUntracked() {
      List<String> seen = new ArrayList<>();
      assertFalse(g.isTracking());
      g.effect(() -> {
        seen.add("effect " + g.isTracking());
        seen.add("untracked " + g.untracked(g::isTracking));
      });
      seen.add("derived " + g.derived(g::isTracking).get());
      g.batch(() -> seen.add("batch " + g.isTracking()));
      try (Graph other = Graph.create()) {
        other.effect(() -> seen.add("other graph " + g.isTracking()));
      }
      assertEquals(List.of("effect true", "untracked false", "derived true", "batch false",
          "other graph false"), seen);
    }
  }
}
