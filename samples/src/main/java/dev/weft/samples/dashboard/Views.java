package dev.weft.samples.dashboard;

import dev.weft.AsyncState;
import dev.weft.ReadableSignal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Renders what one viewer sees as the JSON of one Server-Sent Event. */
final class Views {
  private Views() {}

  /**
   * Renders the view of {@code me}. Called inside a derived function of the dashboard's graph, so every
   * read below is tracked: the view is recomputed when a reading, the forecast's state, the set of
   * viewers or one of this session's values changes, and only then.
   */
  static String render(Metrics metrics, ReadableSignal<List<String>> watching, Viewer me) {
    Stats stats = metrics.stats.get();
    return new JsonObject()
        .put("you", new JsonObject().put("id", me.id).put("name", me.name))
        .put("stats", new JsonObject()
            .put("seq", stats.seq())
            .put("count", stats.count())
            .put("last", stats.last())
            .put("mean", stats.mean())
            .put("min", stats.min())
            .put("max", stats.max()))
        .put("values", new JsonArray(List.copyOf(metrics.readings.get().values())))
        .put("forecast", forecast(metrics.forecast.state()))
        .put("viewers", new JsonArray(watching.get().stream().map(Viewer::nameOf).toList()))
        .put("session", new JsonObject()
            .put("clicks", me.state.get("clicks"))
            .put("badge", me.state.get("badge"))
            .put("lastClick", me.state.get("lastClick"))
            .put("audit", me.state.get("audit")))
        .encode();
  }

  private static JsonObject forecast(AsyncState<Double> state) {
    JsonObject json = new JsonObject();
    return switch (state) {
      case AsyncState.Idle<Double> idle -> json.put("state", "idle");
      case AsyncState.Loading<Double>(var previous) ->
          json.put("state", "loading").put("previous", previous.orElse(null));
      case AsyncState.Ready<Double>(var value) -> json.put("state", "ready").put("value", value);
      case AsyncState.Failed<Double>(var error, var previous) ->
          json.put("state", "failed").put("error", String.valueOf(error.getMessage()))
              .put("previous", previous.orElse(null));
    };
  }
}
