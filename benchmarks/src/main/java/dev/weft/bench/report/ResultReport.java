package dev.weft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the Markdown tables and the PNG chart for JMH JSON result files.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.weft.bench.report.ResultReport <out-prefix>
 * <result.json>...} writes {@code <out-prefix>.md} and {@code <out-prefix>.png}.
 */
public final class ResultReport {

  private ResultReport() {}

  /**
   * Entry point.
   *
   * @param args the output prefix, then one or more JMH JSON files
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String... args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ResultReport <out-prefix> <result.json>...");
      System.exit(2);
    }
    List<BenchResult> results = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      results.addAll(BenchResult.parse(Files.readString(Path.of(args[i]))));
    }
    Path md = Path.of(args[0] + ".md");
    Path png = Path.of(args[0] + ".png");
    String title =
        "Results of "
            + List.of(args).subList(1, args.length).stream()
                .map(a -> Path.of(a).getFileName().toString())
                .collect(Collectors.joining(", "));
    Files.writeString(md, markdown(title, results, png.getFileName().toString()));
    List<SuiteTable> charted = tables(results).stream().filter(t -> t.suite() != Suite.SBENCH).toList();
    if (!charted.isEmpty()) {
      ResultChart.write(charted, png);
    }
    System.out.println("wrote " + md + (charted.isEmpty() ? "" : " and " + png));
  }

  static List<SuiteTable> tables(List<BenchResult> results) {
    return Suite.ordered().stream()
        .map(s -> new SuiteTable(s, results))
        .filter(t -> !t.isEmpty())
        .toList();
  }

  /**
   * Renders every suite's table, then the remaining (async, contention) results.
   *
   * @param title the first heading
   * @param results all results
   * @param chartFile the chart's file name, linked when a chart exists
   * @return the Markdown text
   */
  static String markdown(String title, List<BenchResult> results, String chartFile) {
    StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
    List<SuiteTable> tables = tables(results);
    if (tables.stream().anyMatch(t -> t.suite() != Suite.SBENCH)) {
      md.append("![chart](").append(chartFile).append(")\n\n");
    }
    md.append(
        "✓ = every correctness check passed, ✗ = at least one failed (its time is shown but it is"
            + " never counted as a faster peer); — = not run.\n\n");
    tables.forEach(t -> md.append(t.markdown()));
    List<BenchResult> others = results.stream().filter(r -> Suite.of(r) == null).toList();
    if (!others.isEmpty()) {
      md.append("### Other benchmarks\n\n| benchmark | params | threads | score | error | unit |\n")
          .append("|---|---|---:|---:|---:|---|\n");
      for (BenchResult r : others) {
        md.append("| ")
            .append(r.benchmark())
            .append(" | ")
            .append(
                r.params().entrySet().stream()
                    .map(Map.Entry::toString)
                    .collect(Collectors.joining(", ")))
            .append(" | ")
            .append(r.threads())
            .append(" | ")
            .append(String.format(Locale.ROOT, "%.3f", r.score()))
            .append(" | ")
            .append(Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, "%.3f", r.error()))
            .append(" | ")
            .append(r.unit())
            .append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
  }
}
