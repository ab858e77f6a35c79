package dev.weft.samples.dashboard;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.Subscription;
import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import dev.weft.bus.SubscribeOption;
import dev.weft.state.DispatchResult;
import dev.weft.state.EventRuntime;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The live dashboard: a Vert.x HTTP server serving one page ({@code GET /}), a Server-Sent Events
 * stream per tab ({@code GET /events?session=ID}) and event dispatch ({@code POST
 * /dispatch?session=ID&event=bump}). Every tab is its own session (its id lives in the tab's {@code
 * sessionStorage}); see {@link #main} to run it.
 *
 * <p>Threads: HTTP handlers run on Vert.x event loops and never block: the graph's lock is held only
 * briefly, event handlers run on virtual threads, and each stream writes on its own event loop. {@link
 * #close()} blocks and must be called off the event loops.
 */
public final class Dashboard {
  private static final System.Logger LOG = System.getLogger(Dashboard.class.getName());
  private static final String SCOPE = "dashboard";
  private static final Duration SESSION_IDLE = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final Graph graph = Graph.builder().name("dashboard").build();
  private final Metrics metrics;
  private final Viewers viewers;
  private final ReactiveBus bus = ReactiveBus.create();
  private final EventRuntime runtime;
  /** The ids of the sessions with an open stream, sorted; refreshed from the bus's presence. */
  private final Signal<List<String>> watching = graph.signal(List.of());
  /** Cleanup of each open stream; added and removed by event loops, drained by {@link #close()}. */
  private final Map<EventStream, Runnable> streams = new ConcurrentHashMap<>();
  private final String page;
  private final long sweeper;
  private volatile @Nullable HttpServer server;

  private Dashboard(Vertx vertx, DashboardOptions options) {
    this.vertx = vertx;
    this.metrics = new Metrics(graph, vertx, options);
    this.viewers = new Viewers(graph, options.maxSessions());
    this.runtime = EventRuntime.builder()
        .middleware(Handlers::audit)
        .handler("bump", event -> Handlers.bump(event, graph, bus, SCOPE))
        .build();
    this.page = resource("index.html");
    this.sweeper = vertx.setPeriodic(30_000, id -> viewers.sweep(SESSION_IDLE));
  }

  /**
   * Starts a dashboard on {@code vertx}; the future fails if the port cannot be bound.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Future<Dashboard> start(Vertx vertx, DashboardOptions options) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Dashboard dashboard = new Dashboard(vertx, options);
    return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
        .requestHandler(dashboard::handle)
        .listen()
        .onSuccess(s -> dashboard.server = s)
        .map(s -> dashboard)
        .onFailure(e -> vertx.executeBlocking(() -> {
          dashboard.close();
          return null;
        }));
  }

  /** The port the server listens on. */
  public int port() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("the dashboard is not listening: wait for start() to complete");
    }
    return s.actualPort();
  }

  /**
   * Ends every stream, stops the server, the event runtime, the bus and the graph (which stops the
   * ticking source). Blocks until all of it has ended. Idempotent.
   *
   * @throws IllegalStateException if called on a Vert.x event loop (it would block it)
   */
  public void close() {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("Dashboard.close() blocks: call it off the Vert.x event loops");
    }
    vertx.cancelTimer(sweeper);
    List.copyOf(streams.keySet()).forEach(stream -> {
      Optional.ofNullable(streams.get(stream)).ifPresent(Runnable::run);
      stream.end();
    });
    HttpServer s = server;
    if (s != null) {
      s.close().toCompletionStage().toCompletableFuture().join();
    }
    runtime.close();
    bus.close();
    graph.close();
  }

  private void handle(HttpServerRequest request) {
    try {
      switch (request.path()) {
        case "/" -> onlyFor(request, HttpMethod.GET, this::page);
        case "/events" -> onlyFor(request, HttpMethod.GET, this::events);
        case "/dispatch" -> onlyFor(request, HttpMethod.POST, this::dispatch);
        default -> reply(request, 404, "no such page: " + request.path() + " (the dashboard is at /)");
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "request " + request.method() + " " + request.uri() + " failed", e);
      if (!request.response().headWritten()) {
        reply(request, 500, "internal error: " + e.getMessage());
      }
    }
  }

  private void page(HttpServerRequest request) {
    request.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        // Everything the page needs is inline or from this server: no external network resource.
        .putHeader("Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
        .end(page.replace("__FRESH_SESSION__", Viewers.newId()));
  }

  private void events(HttpServerRequest request) {
    Optional<String> id = sessionId(request);
    if (id.isEmpty()) {
      return;
    }
    Optional<Viewer> found = viewers.openStream(id.get());
    if (found.isEmpty()) {
      reply(request, 503, "too many sessions: close some tabs and reload");
      return;
    }
    Viewer viewer = found.get();
    EventStream stream = new EventStream(vertx.getOrCreateContext(), request.response());
    stream.open();

    // Presence: this stream's bus subscription lists the session; its events tell what other tabs did.
    BusSubscription activity = bus.subscribe(SCOPE, new ConnectionInfo(viewer.id, viewer.id, Instant.now()),
        (scope, who) -> refreshPresence(), SubscribeOption.SKIP_OWN_ORIGIN);
    Thread.ofVirtual().name("dashboard-activity-" + viewer.name).start(() -> {
      for (ChangeEvent e : activity) { // blocks cheaply; ends when the subscription closes
        stream.event("activity", Viewer.nameOf(Objects.requireNonNullElse(e.origin(), "?????")) + " changed "
            + String.join(", ", e.changedPaths()));
      }
    });
    refreshPresence();

    // The view: one derived value per stream, pushed to the browser on every change.
    Derived<String> view = graph.derived("view-" + viewer.name, () -> Views.render(metrics, watching, viewer));
    Subscription pushing = view.subscribe(stream::view);

    AtomicBoolean cleaned = new AtomicBoolean();
    Runnable cleanup = () -> {
      if (cleaned.compareAndSet(false, true)) {
        pushing.dispose();
        activity.close(); // runs refreshPresence through onDisconnect
        viewers.closeStream(viewer);
        streams.remove(stream);
      }
    };
    streams.put(stream, cleanup);
    request.response().closeHandler(v -> {
      stream.markClosed();
      cleanup.run();
    });
  }

  private void dispatch(HttpServerRequest request) {
    // A cross-site form cannot set this header, so other sites cannot click for the user.
    if (!"1".equals(request.getHeader("X-Weft"))) {
      reply(request, 403, "dispatch needs the header X-Weft: 1 (send it from the dashboard page)");
      return;
    }
    Optional<String> id = sessionId(request);
    if (id.isEmpty()) {
      return;
    }
    String event = Objects.requireNonNullElse(request.getParam("event"), "");
    if (!runtime.handlerNames().contains(event)) {
      reply(request, 404, "no handler named '" + event + "'; known: " + runtime.handlerNames());
      return;
    }
    Optional<Viewer> viewer = viewers.getOrCreate(id.get());
    if (viewer.isEmpty()) {
      reply(request, 503, "too many sessions: close some tabs and reload");
      return;
    }
    Future.fromCompletionStage(runtime.dispatch(viewer.get().state, event).result(), vertx.getOrCreateContext())
        .onSuccess(result -> request.response()
            .putHeader("Content-Type", "application/json")
            .end(toJson(result).encode()))
        .onFailure(e -> reply(request, 500, "dispatch failed: " + e.getMessage()));
  }

  private static JsonObject toJson(DispatchResult result) {
    return new JsonObject()
        .put("event", result.event())
        .put("ok", result.ok())
        .put("result", result.result())
        .put("error", result.error())
        .put("mutations", new JsonObject(new LinkedHashMap<>(result.mutations())));
  }

  private void refreshPresence() {
    // update() runs under the graph lock, so the last refresh always publishes the latest presence.
    watching.update(old -> bus.presence(SCOPE).stream().map(ConnectionInfo::sessionId).distinct().sorted().toList());
  }

  private static Optional<String> sessionId(HttpServerRequest request) {
    String id = request.getParam("session");
    if (id == null || !Viewers.isValidId(id)) {
      reply(request, 400, "missing or invalid 'session' parameter: use 4 to 64 of [A-Za-z0-9_-]");
      return Optional.empty();
    }
    return Optional.of(id);
  }

  private static void onlyFor(HttpServerRequest request, HttpMethod method, Consumer<HttpServerRequest> handler) {
    if (request.method().equals(method)) {
      handler.accept(request);
    } else {
      request.response().putHeader("Allow", method.name());
      reply(request, 405, request.path() + " accepts " + method.name() + " only");
    }
  }

  private static void reply(HttpServerRequest request, int status, String message) {
    request.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n");
  }

  private static String resource(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing next to " + Dashboard.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  /**
   * Runs the dashboard until Ctrl+C. The port is the first argument, else the system property {@code
   * dashboard.port}, else 8080; the server binds 127.0.0.1 only.
   */
  public static void main(String[] args) {
    int port = args.length > 0
        ? Integer.parseInt(args[0])
        : Integer.getInteger("dashboard.port", DashboardOptions.DEFAULT_PORT);
    Vertx vertx = Vertx.vertx();
    Dashboard dashboard;
    try {
      dashboard = start(vertx, DashboardOptions.defaults().withPort(port))
          .toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.println("Could not start the dashboard on 127.0.0.1:" + port + ": " + e.getCause().getMessage()
          + "\nPick another port: -Ddashboard.port=9090 (or pass it as the first argument).");
      vertx.close().toCompletionStage().toCompletableFuture().join();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dashboard.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }, "dashboard-shutdown"));
    System.out.println("Weft dashboard on http://127.0.0.1:" + dashboard.port()
        + "/ : open it in several tabs. Ctrl+C stops it.");
  }
}
