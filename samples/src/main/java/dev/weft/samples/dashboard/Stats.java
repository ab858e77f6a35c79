package dev.weft.samples.dashboard;

import java.util.DoubleSummaryStatistics;

/**
 * Statistics over one {@link Window}, rounded to one decimal for display.
 *
 * @param seq the window's reading count
 * @param count how many readings the window holds
 * @param last the newest reading (0 when there is none)
 * @param mean their mean (0 when there is none)
 * @param min the smallest (0 when there is none)
 * @param max the largest (0 when there is none)
 */
record Stats(long seq, int count, double last, double mean, double min, double max) {

  /** Computes the statistics of {@code window}. */
  static Stats of(Window window) {
    if (window.values().isEmpty()) {
      return new Stats(window.seq(), 0, 0, 0, 0, 0);
    }
    DoubleSummaryStatistics s = window.values().stream().mapToDouble(Double::doubleValue).summaryStatistics();
    return new Stats(window.seq(), (int) s.getCount(), round(window.values().getLast()), round(s.getAverage()),
        round(s.getMin()), round(s.getMax()));
  }

  /** Rounds to one decimal. */
  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
