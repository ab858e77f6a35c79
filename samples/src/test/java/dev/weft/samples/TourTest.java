package dev.weft.samples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Runs the whole tour once and checks that each sample tells the story it promises. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TourTest {
  private static String output = "";
  private static Set<Thread> leftover = Set.of();

  @BeforeAll
  static void runTour() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      Tour.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    output = buffer.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    leftover = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  private static void assertPrinted(String... lines) {
    for (String line : lines) {
      assertTrue(output.contains(line), () -> "the tour should print '" + line + "'; it printed:\n" + output);
    }
  }

  @Nested
  class WholeTour {
    @Test
    void printsEveryHeaderInOrderAndFinishes() {
      List<Integer> positions = List.of("== 1.", "== 2.", "== 3.", "== 4.", "== 5.", "== 6.", "== 7.", "== 8.",
              "== 9.", "== 10.", "Tour finished.").stream().map(output::indexOf).toList();
      assertTrue(positions.stream().allMatch(p -> p >= 0), () -> "missing header in:\n" + output);
      assertEquals(positions.stream().sorted().toList(), positions, "headers out of order");
    }

    @Test
    void leavesNoNonDaemonThreadBehind() {
      // Some libraries end their helper threads shortly after close (Netty's GlobalEventExecutor
      // after one quiet second): the JVM exits once they are gone, so they must end on their own.
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertEquals(Set.of(),
              leftover.stream().filter(Thread::isAlive).collect(Collectors.toSet()),
              "these threads would keep the tour's JVM alive"));
    }
  }

  @Nested
  class Samples {
    @Test
    void signalsBatchAndEqualWrites() {
      assertPrinted("effect: hello, Grace Lovelace", "effect: hello, Alan Turing", "set returned false");
      assertTrue(!output.contains("hello, Alan Lovelace"), "a batch must never show a half-applied state");
    }

    @Test
    void diamondHasNoGlitchAndLosesNoUpdate() {
      assertPrinted("a = 8004 (4 + 8,000: none lost)", " 0 glitches");
    }

    @Test
    void asyncTracksReadsAfterBlockingAndInterruptsStaleRuns() {
      assertPrinted("-> Paris 21 F", "the run for Rome was interrupted", "-> Oslo 21 F");
    }

    @Test
    void factoriesCountAndOwnRuns() {
      assertPrinted("counting factory: run #2", "square = 16, square again = 16",
          "long job: interrupted by the factory's close()");
      assertTrue(!output.contains("counting factory: run #3"), "a fresh value must not rerun");
    }

    @Test
    void graphsAreIsolated() {
      assertPrinted("metrics effect: seen=1", "metrics effect: seen=42", "a closed graph refuses new nodes");
      assertTrue(!output.contains("orders effect: placed=1 (region us)"), "a read of another graph is no dependency");
    }

    @Test
    void producerStartsLazilyAndStopsItsThread() {
      assertPrinted("created; started? false", "subscriber on ticker: tick ", "ticker alive? false");
    }

    @Test
    void busHonoursAudienceAndPresence() {
      assertPrinted("alice gets: [title] [comments.7] from tab-2", "bob gets:   [title]\n",
          "audit gets: [title]\n", "bob left doc-42", "presence: [alice]\n");
    }

    @Test
    void sessionHandlersRunThroughMiddleware() {
      assertPrinted("middleware: -> add[tea]", "effect: cart badge shows 1",
          "mutations={+cart.items=[tea], +cart.count=1}", "pay: ok=false, error='card declined: try another card'");
    }

    @Test
    void reactorChainSeesEverySignalValue() {
      assertPrinted("the chain collected [101 -> 108, 109 -> 103]", "mono: quote 104 computed on boundedElastic-",
          "went through [-1, 0, 1, 2]");
    }

    @Test
    void vertxRunsOnTheLoopAndCrossesTheEventBus() {
      assertPrinted("future: 20 C, computed on vert.x-eventloop-thread-", "eventbus consumer got 20\n",
          "eventbus consumer got 23\n", "effect: latest alert = door open", "vertx closed");
    }
  }
}
