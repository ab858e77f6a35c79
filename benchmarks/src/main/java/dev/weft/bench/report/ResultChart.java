package dev.weft.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws the suites as horizontal bar groups on a logarithmic time axis, one group per scenario,
 * one bar per framework; a framework that failed its checks is drawn hatched and labelled FAIL; the
 * alien-signals reference is a dashed line. Headless AWT into a PNG, no other dependency.
 */
final class ResultChart {

  private static final int WIDTH = 1400;
  private static final int LEFT = 210;
  private static final int RIGHT = 150;
  private static final int BAR = 11;
  private static final int GAP = 2;
  private static final int GROUP_GAP = 12;
  private static final int SECTION_HEAD = 56;

  private static final Map<String, Color> COLORS =
      Map.of(
          "weft", new Color(0xE8, 0x6A, 0x10),
          "javafx", new Color(0x4C, 0x72, 0xB0),
          "vaadin", new Color(0x55, 0xA8, 0x68),
          "sodium", new Color(0x81, 0x72, 0xB2),
          "compose", new Color(0x64, 0xB5, 0xCD),
          "rxjava", new Color(0xC4, 0x4E, 0x52),
          "reactor", new Color(0x8C, 0x61, 0x3C));

  private ResultChart() {}

  static void write(List<SuiteTable> tables, Path file) throws IOException {
    int height = 40;
    for (SuiteTable t : tables) {
      height += SECTION_HEAD + t.rows().size() * (t.frameworks().size() * (BAR + GAP) + GROUP_GAP) + 30;
    }
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      int y = 20;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      legend(g, y);
      y += 20;
      for (SuiteTable t : tables) {
        y = section(g, t, y);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void legend(Graphics2D g, int y) {
    int x = LEFT;
    for (String fw : List.of("weft", "javafx", "vaadin", "sodium", "compose", "rxjava", "reactor")) {
      g.setColor(COLORS.get(fw));
      g.fillRect(x, y - 10, 14, 10);
      g.setColor(Color.BLACK);
      g.drawString(fw, x + 18, y);
      x += 100;
    }
    g.drawString("hatched = failed its checks;  dashed = alien-signals 3.2.1 (Node 20)", x + 10, y);
  }

  private static int section(Graphics2D g, SuiteTable t, int top) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (String row : t.rows()) {
      for (String fw : t.frameworks()) {
        Optional<Double> v = t.time(row, fw);
        if (v.isPresent() && v.get() > 0) {
          min = Math.min(min, v.get());
          max = Math.max(max, v.get());
        }
      }
      Optional<Double> alien = t.suite().alien(row);
      if (alien.isPresent()) {
        min = Math.min(min, alien.get());
        max = Math.max(max, alien.get());
      }
    }
    if (max == 0) {
      return top;
    }
    double lo = Math.pow(10, Math.floor(Math.log10(min)));
    double hi = Math.pow(10, Math.ceil(Math.log10(max)));
    if (hi <= lo) {
      hi = lo * 10;
    }
    int plot = WIDTH - LEFT - RIGHT;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString(t.suite().title() + " — " + t.suite().unit() + " (log scale, shorter is faster)", 12, top + 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int rowsHeight = t.rows().size() * (t.frameworks().size() * (BAR + GAP) + GROUP_GAP);
    int axisTop = top + SECTION_HEAD - 14;
    for (double tick = lo; tick <= hi * 1.0001; tick *= 10) {
      int x = LEFT + (int) (plot * Math.log10(tick / lo) / Math.log10(hi / lo));
      g.setColor(new Color(0xDD, 0xDD, 0xDD));
      g.drawLine(x, axisTop, x, axisTop + rowsHeight + 4);
      g.setColor(Color.DARK_GRAY);
      g.drawString(label(tick), x - 12, axisTop - 2);
    }
    int y = top + SECTION_HEAD;
    for (String row : t.rows()) {
      int groupTop = y;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      g.drawString(row, 12, y + 12);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (String fw : t.frameworks()) {
        Optional<BenchResult> r = t.result(row, fw);
        if (r.isPresent()) {
          double v = t.suite().toSuiteUnit(r.get());
          int len = Math.max(2, (int) (plot * Math.log10(Math.max(v, lo) / lo) / Math.log10(hi / lo)));
          Color c = COLORS.getOrDefault(fw, Color.GRAY);
          if (r.get().passed()) {
            g.setColor(c);
            g.fillRect(LEFT, y, len, BAR);
          } else {
            g.setPaint(hatch(c));
            g.fillRect(LEFT, y, len, BAR);
            g.setColor(c.darker());
            g.drawRect(LEFT, y, len, BAR);
          }
          g.setColor(Color.BLACK);
          g.drawString(
              fw + " " + SuiteTable.fmt(v) + (r.get().passed() ? "" : " FAIL"), LEFT + len + 4, y + BAR - 1);
        }
        y += BAR + GAP;
      }
      Optional<Double> alien = t.suite().alien(row);
      if (alien.isPresent()) {
        int x = LEFT + (int) (plot * Math.log10(alien.get() / lo) / Math.log10(hi / lo));
        g.setColor(Color.BLACK);
        g.setStroke(
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
        g.drawLine(x, groupTop - 2, x, y);
        g.setStroke(new BasicStroke(1));
      }
      y += GROUP_GAP;
    }
    return y + 30;
  }

  private static TexturePaint hatch(Color c) {
    BufferedImage tile = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = tile.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 6, 6);
    g.setColor(c);
    g.drawLine(0, 5, 5, 0);
    g.dispose();
    return new TexturePaint(tile, new java.awt.Rectangle(0, 0, 6, 6));
  }

  private static String label(double ms) {
    if (ms >= 1) {
      return String.format(Locale.ROOT, "%.0f", ms);
    }
    return String.format(Locale.ROOT, "%s", ms);
  }
}
