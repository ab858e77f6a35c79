package dev.weft.samples.dashboard;

import dev.weft.Graph;
import dev.weft.state.SessionState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The sessions of the dashboard, by id. A session is created on first use (a page load, a stream or a
 * dispatch naming its id) and forgotten once it has had no open stream for a while.
 *
 * <p>Threads: any (HTTP handlers on event loops, the sweeper timer). {@link #byId} is a concurrent
 * map; creating a session and counting its streams happen inside {@code compute}, which only builds a
 * {@link SessionState} (no user code, no blocking).
 */
final class Viewers {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{4,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Graph graph;
  private final int max;
  private final Map<String, Viewer> byId = new ConcurrentHashMap<>();

  Viewers(Graph graph, int max) {
    this.graph = graph;
    this.max = max;
  }

  /** A fresh random session id (12 hex digits). */
  static String newId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether {@code id} is an acceptable session id: 4 to 64 letters, digits, '-' or '_'. */
  static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  /**
   * Returns the session {@code id}, creating it if needed; empty if it does not exist and the server
   * already keeps its maximum number of sessions.
   *
   * @throws IllegalArgumentException if {@code id} is not a valid session id
   */
  Optional<Viewer> getOrCreate(String id) {
    return update(id, false);
  }

  /**
   * Like {@link #getOrCreate}, also counting one more open stream, atomically with respect to {@link
   * #sweep} (which never forgets a session with an open stream). Close with {@link #closeStream}.
   *
   * @throws IllegalArgumentException if {@code id} is not a valid session id
   */
  Optional<Viewer> openStream(String id) {
    return update(id, true);
  }

  /** Counts one stream of {@code viewer} less. */
  void closeStream(Viewer viewer) {
    viewer.idleSince = System.nanoTime(); // before the count drops: the sweeper never sees 0 with a stale time
    viewer.streams.decrementAndGet();
  }

  private Optional<Viewer> update(String id, boolean openStream) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("invalid session id '" + id + "': use 4 to 64 of [A-Za-z0-9_-]");
    }
    // compute() runs atomically per key: a stream opening and the sweeper never interleave.
    return Optional.ofNullable(byId.compute(id, (k, v) -> {
      Viewer viewer = v;
      if (viewer == null) {
        if (byId.size() >= max) {
          return null;
        }
        viewer = new Viewer(k, newState(k));
      }
      if (openStream) {
        viewer.streams.incrementAndGet();
      }
      return viewer;
    }));
  }

  private SessionState newState(String id) {
    SessionState state = SessionState.create(graph,
        Map.of("id", id, "clicks", 0, "badge", "none", "lastClick", "never", "audit", "no event yet"));
    // A mutation handler: every change of "clicks" cascades into "badge", inside the same dispatch.
    state.subscribeMutation(List.of("clicks"), m -> {
      Object clicks = m.state().get("clicks");
      m.state().set("badge", Handlers.badge(clicks instanceof Integer n ? n : 0));
    });
    return state;
  }

  /** Forgets the sessions that have had no open stream for at least {@code idle}; returns how many. */
  int sweep(Duration idle) {
    long now = System.nanoTime();
    int[] removed = {0};
    for (String id : byId.keySet()) {
      byId.computeIfPresent(id, (k, v) -> {
        if (v.streams.get() == 0 && now - v.idleSince >= idle.toNanos()) {
          removed[0]++;
          return null;
        }
        return v;
      });
    }
    return removed[0];
  }

  /** How many sessions are kept now. */
  int size() {
    return byId.size();
  }
}
