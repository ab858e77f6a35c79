package dev.weft.samples.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The last {@link #SIZE} readings of the ticking source, newest last. Immutable: {@link #next} returns a
 * new window, so a value published to the graph never changes afterwards.
 *
 * @param seq how many readings were taken so far
 * @param values the newest readings, at most {@link #SIZE}, oldest first
 */
record Window(long seq, List<Double> values) {
  /** How many readings a window keeps. */
  static final int SIZE = 20;

  private static final Window EMPTY = new Window(0, List.of());

  Window {
    values = List.copyOf(Objects.requireNonNull(values, "values"));
    if (values.size() > SIZE) {
      throw new IllegalArgumentException("a window holds at most " + SIZE + " values, got " + values.size());
    }
  }

  /** The window before the first reading. */
  static Window empty() {
    return EMPTY;
  }

  /** Returns this window with {@code value} appended (and the oldest value dropped when full). */
  Window next(double value) {
    List<Double> kept = new ArrayList<>(values.size() + 1);
    kept.addAll(values.size() == SIZE ? values.subList(1, SIZE) : values);
    kept.add(value);
    return new Window(seq + 1, kept);
  }

  /**
   * Extrapolates the least-squares line through the readings {@code horizon} ticks past the newest one.
   *
   * @throws IllegalStateException if the window is empty
   */
  double trend(int horizon) {
    int n = values.size();
    if (n == 0) {
      throw new IllegalStateException("no readings yet: a trend needs at least one");
    }
    double meanX = (n - 1) / 2.0;
    double meanY = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - meanX) * (values.get(i) - meanY);
      den += (i - meanX) * (i - meanX);
    }
    double slope = den == 0 ? 0 : num / den;
    return meanY + slope * (n - 1 - meanX + horizon);
  }
}
