package dev.weft.samples.dashboard;

import dev.weft.AsyncDerived;
import dev.weft.Derived;
import dev.weft.Effect;
import dev.weft.Graph;
import dev.weft.Producer;
import io.vertx.core.Vertx;
import java.util.SplittableRandom;

/**
 * The shared part of the dashboard, the same for every viewer: a producer fed by a Vert.x periodic
 * timer, statistics derived from its window, and a slow forecast computed by an async derived value on
 * a virtual thread. Nothing runs until a viewer reads it; the timer stops when the graph closes.
 */
final class Metrics {
  /** How many ticks past the newest reading the forecast looks. */
  static final int HORIZON = 5;

  /** The latest window of readings; the source starts on the first read. */
  final Producer<Window> readings;
  /** Statistics over the window, recomputed only when read after a new reading. */
  final Derived<Stats> stats;
  /** The forecast round: changes once every {@code ticksPerForecast} readings. */
  final Derived<Long> round;
  /** The forecast, rerun once per round; its {@code state()} shows loading with the previous value. */
  final AsyncDerived<Double> forecast;
  /** Keeps the forecast demanded while no tab watches it; disposed with the graph. */
  final Effect keepForecastFresh;

  Metrics(Graph graph, Vertx vertx, DashboardOptions options) {
    readings = graph.producer(Window.empty(), sink -> {
      // Threads: 'window' and 'random' are touched only by the timer's handler, which Vert.x runs on one
      // event loop, one call at a time; the first reading is taken on the starting thread, before the
      // timer exists.
      SplittableRandom random = new SplittableRandom();
      Window[] window = {Window.empty().next(50)};
      sink.accept(window[0]);
      long timer = vertx.setPeriodic(options.tick().toMillis(), id -> {
        double previous = window[0].values().getLast();
        double pull = (50 - previous) * 0.05; // a random walk that drifts back towards 50
        double next = Math.clamp(previous + pull + random.nextGaussian() * 4, 0, 100);
        window[0] = window[0].next(Stats.round(next));
        sink.accept(window[0]);
      });
      return () -> vertx.cancelTimer(timer);
    }, Producer.Options.defaults().name("readings"));

    stats = graph.derived("stats", () -> Stats.of(readings.get()));
    round = graph.derived("forecast-round", () -> readings.get().seq() / options.ticksPerForecast());

    forecast = graph.asyncDerived(() -> {
      round.get(); // the only dependency: one forecast per round, not one per reading
      Window input = graph.untracked(readings::get);
      Thread.sleep(options.forecastDelay()); // a slow model; the run is interrupted if superseded
      return Stats.round(Math.clamp(input.trend(HORIZON), 0, 100));
    }, AsyncDerived.Options.defaults().name("forecast"));

    // Without a watcher an async derived is lazy. This effect keeps it demanded, so a tab opened between
    // two rounds shows a current forecast at once. (It also sidesteps a kernel issue reported on
    // main: an async derived whose source is a derived value did not rerun any more after that source
    // changed while nothing watched it.)
    keepForecastFresh = graph.effect(forecast::state, Effect.Options.defaults().name("keep-forecast-fresh"));
  }
}
