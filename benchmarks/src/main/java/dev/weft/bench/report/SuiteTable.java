package dev.weft.bench.report;

import dev.weft.bench.dynamic.DynamicConfig;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.kairo.KairoCase;
import dev.weft.bench.sbench.SbenchCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one suite arranged as rows (scenarios) by frameworks, with the derived figures:
 * fastest passing peer, Weft's ratio to it and to alien-signals, targets met. A framework whose
 * checks failed is shown with its time but never counts as a faster peer.
 */
final class SuiteTable {

  private final Suite suite;
  /** row → framework → result. */
  private final Map<String, Map<String, BenchResult>> cells = new LinkedHashMap<>();
  private final List<String> frameworks;

  SuiteTable(Suite suite, List<BenchResult> results) {
    this.suite = suite;
    List<String> seen = new ArrayList<>();
    for (BenchResult r : results) {
      if (!suite.owns(r)) {
        continue;
      }
      cells.computeIfAbsent(suite.row(r), k -> new LinkedHashMap<>()).put(r.framework(), r);
      if (!seen.contains(r.framework())) {
        seen.add(r.framework());
      }
    }
    List<String> order = new ArrayList<>(Frameworks.NAMES);
    seen.stream().filter(f -> !order.contains(f)).forEach(order::add);
    this.frameworks = order.stream().filter(seen::contains).toList();
  }

  boolean isEmpty() {
    return cells.isEmpty();
  }

  Suite suite() {
    return suite;
  }

  List<String> frameworks() {
    return frameworks;
  }

  /** Rows in the suite's canonical order (the order of the original benchmark). */
  List<String> rows() {
    List<String> canonical =
        switch (suite) {
          case KAIRO -> Arrays.stream(KairoCase.values()).map(KairoCase::scenarioName).toList();
          case DYNAMIC -> DynamicConfig.STANDARD.stream().map(DynamicConfig::id).toList();
          case SBENCH -> Arrays.stream(SbenchCase.values()).map(SbenchCase::caseName).toList();
          case CELLX -> List.of("1000", "2500");
        };
    List<String> rows = new ArrayList<>(cells.keySet());
    rows.sort(
        Comparator.comparingInt(
            row -> canonical.contains(row) ? canonical.indexOf(row) : canonical.size()));
    return rows;
  }

  Optional<BenchResult> result(String row, String framework) {
    return Optional.ofNullable(cells.getOrDefault(row, Map.of()).get(framework));
  }

  /** Time in the suite's unit, if measured. */
  Optional<Double> time(String row, String framework) {
    return result(row, framework).map(suite::toSuiteUnit);
  }

  /** The fastest peer (not Weft) that passed its checks on this row. */
  Optional<Map.Entry<String, Double>> fastestPassingPeer(String row) {
    Map.Entry<String, Double> best = null;
    for (String fw : frameworks) {
      if (fw.equals("weft")) {
        continue;
      }
      Optional<BenchResult> r = result(row, fw);
      if (r.isPresent() && r.get().passed()) {
        double t = suite.toSuiteUnit(r.get());
        if (best == null || t < best.getValue()) {
          best = Map.entry(fw, t);
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Weft's time divided by a passing peer's (below 1: Weft is faster); empty otherwise. */
  Optional<Double> weftOver(String row, String peer) {
    Optional<BenchResult> weft = result(row, "weft");
    Optional<BenchResult> other = result(row, peer);
    if (weft.isEmpty() || other.isEmpty() || !weft.get().passed() || !other.get().passed()) {
      return Optional.empty();
    }
    return Optional.of(suite.toSuiteUnit(weft.get()) / suite.toSuiteUnit(other.get()));
  }

  /** The Markdown section: the times table, then the ratio table. */
  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(suite.title()).append(" (").append(suite.unit()).append(")\n\n");
    md.append("| ").append(suite.rowParam());
    for (String fw : frameworks) {
      md.append(" | ").append(fw);
    }
    md.append(" | fastest passing peer | weft ÷ peer");
    boolean speedup = suite.requiredSpeedup() > 1;
    md.append(speedup ? " | ≥5× faster" : " | weft fastest");
    if (suite.hasReference()) {
      md.append(" | alien-signals | weft ÷ alien | ≤ alien");
    }
    md.append(" |\n|---");
    int columns = frameworks.size() + 3 + (suite.hasReference() ? 3 : 0);
    md.append("|---:".repeat(columns)).append("|\n");
    for (String row : rows()) {
      md.append("| ").append(row);
      for (String fw : frameworks) {
        md.append(" | ").append(cell(row, fw));
      }
      Optional<Map.Entry<String, Double>> peer = fastestPassingPeer(row);
      Optional<BenchResult> weft = result(row, "weft");
      boolean weftOk = weft.isPresent() && weft.get().passed();
      if (peer.isPresent()) {
        md.append(" | ").append(peer.get().getKey()).append(' ').append(fmt(peer.get().getValue()));
        Optional<Double> ratio = weftOver(row, peer.get().getKey());
        md.append(" | ").append(ratio.map(SuiteTable::ratio).orElse("n/a"));
        md.append(" | ")
            .append(
                ratio.map(q -> q * suite.requiredSpeedup() <= 1 ? "yes" : "**no**").orElse(weftOk ? "n/a" : "**no**"));
      } else {
        md.append(" | none passes | n/a | ").append(weftOk ? "yes (only passer)" : "**no**");
      }
      if (suite.hasReference()) {
        Optional<Double> alien = suite.alien(row);
        if (alien.isPresent() && weftOk) {
          double q = suite.toSuiteUnit(weft.get()) / alien.get();
          md.append(" | ").append(fmt(alien.get())).append(" | ").append(ratio(q));
          md.append(" | ").append(q <= 1 ? "yes" : "**no**");
        } else {
          md.append(" | ").append(alien.map(SuiteTable::fmt).orElse("—")).append(" | n/a | n/a");
        }
      }
      md.append(" |\n");
    }
    md.append('\n');
    md.append(ratioTable());
    return md.toString();
  }

  private String ratioTable() {
    List<String> peers = frameworks.stream().filter(f -> !f.equals("weft")).toList();
    if (peers.isEmpty() || !frameworks.contains("weft")) {
      return "";
    }
    StringBuilder md = new StringBuilder();
    md.append("Weft time ÷ peer time (below 1: Weft is faster; `fails` = the peer failed its checks, so")
        .append(" no comparison):\n\n| ")
        .append(suite.rowParam());
    peers.forEach(p -> md.append(" | ").append(p));
    md.append(" |\n|---").append("|---:".repeat(peers.size())).append("|\n");
    for (String row : rows()) {
      md.append("| ").append(row);
      for (String peer : peers) {
        Optional<BenchResult> r = result(row, peer);
        String cell;
        if (r.isEmpty()) {
          cell = "—";
        } else if (!r.get().passed()) {
          cell = "fails";
        } else {
          cell = weftOver(row, peer).map(SuiteTable::ratio).orElse("n/a");
        }
        md.append(" | ").append(cell);
      }
      md.append(" |\n");
    }
    return md.append('\n').toString();
  }

  private String cell(String row, String fw) {
    Optional<BenchResult> r = result(row, fw);
    if (r.isEmpty()) {
      return "—";
    }
    return fmt(suite.toSuiteUnit(r.get())) + (r.get().passed() ? " ✓" : " ✗");
  }

  static String fmt(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (value >= 0.1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.2f", value);
  }
}
