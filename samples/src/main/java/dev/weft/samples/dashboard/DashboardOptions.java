package dev.weft.samples.dashboard;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Dashboard} runs. Immutable; each wither returns a copy.
 *
 * @param host the address to bind; 127.0.0.1 by default, so the page is reachable from this machine only
 * @param port the TCP port; 0 picks a free one ({@link Dashboard#port()} tells which)
 * @param tick how often the source takes a reading
 * @param forecastDelay how long one forecast takes (a slow model, simulated by sleeping on a virtual thread)
 * @param ticksPerForecast a new forecast is computed every this many readings
 * @param maxSessions how many sessions the server keeps at most; more are refused with 503
 */
public record DashboardOptions(
    String host, int port, Duration tick, Duration forecastDelay, int ticksPerForecast, int maxSessions) {

  /** The port {@link #defaults()} uses. */
  public static final int DEFAULT_PORT = 8080;

  /**
   * @throws NullPointerException if {@code host}, {@code tick} or {@code forecastDelay} is null
   * @throws IllegalArgumentException if a number is out of range
   */
  public DashboardOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(forecastDelay, "forecastDelay");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535 (0 picks a free one), was " + port);
    }
    if (tick.toMillis() < 1) {
      throw new IllegalArgumentException("tick must be at least 1 ms, was " + tick);
    }
    if (forecastDelay.isNegative()) {
      throw new IllegalArgumentException("forecastDelay must not be negative, was " + forecastDelay);
    }
    if (ticksPerForecast < 1 || maxSessions < 1) {
      throw new IllegalArgumentException("ticksPerForecast and maxSessions must be at least 1, were "
          + ticksPerForecast + " and " + maxSessions);
    }
  }

  /** 127.0.0.1:8080, a reading every 500 ms, a 1.5 s forecast every 8 readings, 1,000 sessions. */
  public static DashboardOptions defaults() {
    return new DashboardOptions("127.0.0.1", DEFAULT_PORT, Duration.ofMillis(500), Duration.ofMillis(1500), 8, 1_000);
  }

  /** Returns a copy listening on {@code port}. */
  public DashboardOptions withPort(int port) {
    return new DashboardOptions(host, port, tick, forecastDelay, ticksPerForecast, maxSessions);
  }

  /**
   * Returns a copy with another pace: a reading every {@code tick}, and a forecast taking {@code delay}
   * every {@code every} readings.
   */
  public DashboardOptions withPace(Duration tick, Duration delay, int every) {
    return new DashboardOptions(host, port, tick, delay, every, maxSessions);
  }

  /** Returns a copy keeping at most {@code maxSessions} sessions. */
  public DashboardOptions withMaxSessions(int maxSessions) {
    return new DashboardOptions(host, port, tick, forecastDelay, ticksPerForecast, maxSessions);
  }
}
