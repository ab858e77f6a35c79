package dev.weft.samples.dashboard;

import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;

/** A dashboard on a free port of 127.0.0.1 with a fast pace, for tests; close it when done. */
final class RunningDashboard implements AutoCloseable {
  /** A reading every 100 ms; a 400 ms forecast every 10 readings. */
  static final DashboardOptions FAST =
      DashboardOptions.defaults().withPort(0).withPace(Duration.ofMillis(100), Duration.ofMillis(400), 10);

  final Vertx vertx = Vertx.vertx();
  final Dashboard dashboard;
  final URI base;

  RunningDashboard(DashboardOptions options) {
    dashboard = Dashboard.start(vertx, options).toCompletionStage().toCompletableFuture().join();
    base = URI.create("http://127.0.0.1:" + dashboard.port() + "/");
  }

  @Override
  public void close() {
    dashboard.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
