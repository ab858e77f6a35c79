package dev.weft.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultReportTest {

  /** A JMH JSON row as JMH 1.37 writes it (trimmed to the fields the report reads). */
  static String row(String benchmark, String params, double score, String unit, Double failed) {
    String secondary =
        failed == null
            ? "{}"
            : "{\"failedChecks\": {\"score\": " + failed + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"#\"}}";
    return "{\"jmhVersion\": \"1.37\", \"benchmark\": \"dev.weft.bench."
        + benchmark
        + "\", \"mode\": \"avgt\", \"threads\": 1, \"params\": {"
        + params
        + "}, \"primaryMetric\": {\"score\": "
        + score
        + ", \"scoreError\": \"NaN\", \"scoreUnit\": \""
        + unit
        + "\", \"rawData\": [[1.0, 2.0]]}, \"secondaryMetrics\": "
        + secondary
        + "}";
  }

  static String kairoDiamond(String framework, double usPerIter, double failed) {
    return row(
        "kairo.KairoBenchmark.iter",
        "\"framework\": \"" + framework + "\", \"scenario\": \"diamond\"",
        usPerIter,
        "us/op",
        failed);
  }

  static List<BenchResult> sample() {
    return BenchResult.parse(
        "["
            + String.join(
                ",",
                kairoDiamond("weft", 20, 0),
                kairoDiamond("javafx", 10, 2500), // faster but failing: must not count
                kairoDiamond("sodium", 200, 0),
                kairoDiamond("vaadin", 400, 0),
                row("async.AsyncLatencyBenchmark.virtualThreadStartJoin", "", 3.5, "us/op", null))
            + "]");
  }

  @Nested
  class Parsing {
    @Test
    void readsScoresParamsAndVerdicts() {
      List<BenchResult> results = sample();
      assertEquals(5, results.size());
      BenchResult weft = results.getFirst();
      assertEquals("KairoBenchmark.iter", weft.benchmark());
      assertEquals(Map.of("framework", "weft", "scenario", "diamond"), weft.params());
      assertEquals(20.0, weft.score());
      assertTrue(weft.passed());
      assertEquals(false, results.get(1).passed());
      assertEquals(null, results.get(4).failedChecks());
      assertTrue(results.get(4).passed());
    }

    @Test
    void rejectsWhatIsNotAResultList() {
      assertThrows(IllegalArgumentException.class, () -> BenchResult.parse("{\"a\": 1}"));
      assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
    }

    @Test
    void jsonHandlesEscapesNumbersAndLiterals() {
      Object parsed = Json.parse("{\"s\": \"a\\\"b\\u0041\", \"n\": -1.5e2, \"t\": true, \"z\": null}");
      assertEquals(Map.of("s", "a\"bA", "n", -150.0, "t", true), withoutNulls(parsed));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> withoutNulls(Object parsed) {
      Map<String, Object> map = new java.util.HashMap<>((Map<String, Object>) parsed);
      assertTrue(map.containsKey("z"));
      map.remove("z");
      return map;
    }
  }

  @Nested
  class Tables {
    @Test
    void neverCountAFailingPeerAsFaster() {
      SuiteTable table = new SuiteTable(Suite.KAIRO, sample());
      assertEquals("sodium", table.fastestPassingPeer("diamond").orElseThrow().getKey());
      assertEquals(100.0, table.fastestPassingPeer("diamond").orElseThrow().getValue(), 1e-9);
      assertTrue(table.weftOver("diamond", "javafx").isEmpty());
      assertEquals(0.1, table.weftOver("diamond", "sodium").orElseThrow(), 1e-9);
    }

    @Test
    void reportKairoPer500IterationsWithTargets() {
      String md = ResultReport.markdown("t", sample(), "c.png");
      // 20 us per iteration = 10 ms per 500; sodium is 10x slower: the 5x target is met
      assertTrue(md.contains("| diamond | 10.0 ✓ | 5.00 ✗ | 200 ✓ | 100 ✓ | sodium 100 | 0.10 | yes | 68.6 | 0.15 | yes |"), md);
      assertTrue(md.contains("| diamond | fails | 0.05 | 0.10 |"), md);
      assertTrue(md.contains("| AsyncLatencyBenchmark.virtualThreadStartJoin |  | 1 | 3.500 |"), md);
    }

    @Test
    void flagAMissedTarget() {
      List<BenchResult> results =
          BenchResult.parse(
              "[" + kairoDiamond("weft", 300, 0) + "," + kairoDiamond("sodium", 200, 0) + "]");
      String md = ResultReport.markdown("t", results, "c.png");
      assertTrue(md.contains("| diamond | 150 ✓ | 100 ✓ | sodium 100 | 1.50 | **no** | 68.6 | 2.19 | **no** |"), md);
    }
  }

  @Nested
  class Files_ {
    @Test
    void mainWritesMarkdownAndAPng(@TempDir Path dir) throws IOException {
      Path json = dir.resolve("r.json");
      Files.writeString(
          json, "[" + kairoDiamond("weft", 20, 0) + "," + kairoDiamond("javafx", 10, 3) + "]");
      System.setProperty("java.awt.headless", "true");
      ResultReport.main(dir.resolve("out").toString(), json.toString());
      assertTrue(Files.readString(dir.resolve("out.md")).contains("![chart](out.png)"));
      byte[] png = Files.readAllBytes(dir.resolve("out.png"));
      assertEquals((byte) 0x89, png[0]);
      assertEquals('P', png[1]);
    }
  }
}
