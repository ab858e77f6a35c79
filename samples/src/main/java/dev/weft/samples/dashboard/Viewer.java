package dev.weft.samples.dashboard;

import dev.weft.state.SessionState;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser tab's session: its id, a short display name, its {@link SessionState} (changed only by
 * event handlers) and how many event streams it has open.
 *
 * <p>Threads: created by an HTTP handler on an event loop; {@link #streams} and {@link #idleSince}
 * are updated by the event loops that open and close its streams and read by the sweeper timer; the
 * state is thread-safe by itself.
 */
final class Viewer {
  final String id;
  final String name;
  final SessionState state;
  final AtomicInteger streams = new AtomicInteger();
  volatile long idleSince; // System.nanoTime() when the last stream closed, or when created

  Viewer(String id, SessionState state) {
    this.id = Objects.requireNonNull(id, "id");
    this.name = nameOf(id);
    this.state = Objects.requireNonNull(state, "state");
    this.idleSince = System.nanoTime();
  }

  /** The display name of session {@code id}: {@code tab-} and its first six characters. */
  static String nameOf(String id) {
    return "tab-" + id.substring(0, Math.min(6, id.length()));
  }
}
