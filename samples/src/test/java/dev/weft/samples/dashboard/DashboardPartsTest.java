package dev.weft.samples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Graph;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The dashboard's parts without a server: the reading window, statistics, badges and sessions. */
class DashboardPartsTest {

  @Nested
  class Windows {
    @Test
    void keepsTheNewestTwentyReadingsAndCountsThemAll() {
      Window w = Window.empty();
      for (int i = 1; i <= 25; i++) {
        w = w.next(i);
      }
      assertEquals(25, w.seq());
      assertEquals(IntStream.rangeClosed(6, 25).mapToObj(i -> (double) i).toList(), w.values());
    }

    @Test
    void extrapolatesTheLeastSquaresLine() {
      Window line = new Window(4, List.of(10.0, 12.0, 14.0, 16.0)); // +2 per tick
      assertEquals(26.0, line.trend(5), 1e-9);
      assertEquals(7.0, new Window(1, List.of(7.0)).trend(5), 1e-9, "one reading: a flat line");
      assertThrows(IllegalStateException.class, () -> Window.empty().trend(1));
    }
  }

  @Nested
  class Statistics {
    @Test
    void summariseTheWindowRoundedToOneDecimal() {
      Stats s = Stats.of(new Window(3, List.of(1.0, 2.0, 2.0)));
      assertEquals(new Stats(3, 3, 2.0, 1.7, 1.0, 2.0), s);
      assertEquals(new Stats(0, 0, 0, 0, 0, 0), Stats.of(Window.empty()));
    }

    @Test
    void badgesFollowTheClicks() {
      assertEquals(List.of("none", "bronze", "bronze", "silver", "gold"),
          IntStream.of(0, 1, 4, 5, 10).mapToObj(Handlers::badge).toList());
    }
  }

  @Nested
  class Sessions {
    @Test
    void areCreatedOnceAndRefusedBeyondTheMaximum() {
      try (Graph graph = Graph.create()) {
        Viewers viewers = new Viewers(graph, 2);
        Viewer a = viewers.getOrCreate("aaaa").orElseThrow();
        assertSame(a, viewers.getOrCreate("aaaa").orElseThrow());
        assertEquals("tab-aaaa", a.name);
        assertEquals(0, a.state.get("clicks"));
        viewers.getOrCreate("bbbb").orElseThrow();
        assertTrue(viewers.getOrCreate("cccc").isEmpty(), "a third session is refused");
        assertSame(a, viewers.getOrCreate("aaaa").orElseThrow(), "existing sessions still work");
        assertThrows(IllegalArgumentException.class, () -> viewers.getOrCreate("a b"));
      }
    }

    @Test
    void withAnOpenStreamAreNeverSweptAndIdleOnesAre() {
      try (Graph graph = Graph.create()) {
        Viewers viewers = new Viewers(graph, 10);
        Viewer watching = viewers.openStream("open").orElseThrow();
        viewers.getOrCreate("idle").orElseThrow();
        assertEquals(1, viewers.sweep(Duration.ZERO));
        assertEquals(1, viewers.size());
        viewers.closeStream(watching);
        assertEquals(1, viewers.sweep(Duration.ZERO));
        assertEquals(0, viewers.size());
      }
    }

    @Test
    void cascadeTheBadgeFromTheClicks() {
      try (Graph graph = Graph.create()) {
        Viewer v = new Viewers(graph, 1).getOrCreate("cascade").orElseThrow();
        v.state.set("clicks", 5);
        assertEquals("silver", v.state.get("badge"));
      }
    }
  }
}
