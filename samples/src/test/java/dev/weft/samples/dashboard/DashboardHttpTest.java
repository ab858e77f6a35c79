package dev.weft.samples.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP surface, without a browser: page, event stream, dispatch, presence, limits. */
class DashboardHttpTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RunningDashboard server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = new RunningDashboard(RunningDashboard.FAST);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.base.resolve(path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An open event stream whose views are queued as they arrive. */
  static final class Sse implements AutoCloseable {
    final BlockingQueue<JsonObject> views = new LinkedBlockingQueue<>();
    private final java.util.stream.Stream<String> lines;
    private final Thread reader;

    Sse(URI base, String session) throws IOException, InterruptedException {
      HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(
          HttpRequest.newBuilder(base.resolve("events?session=" + session)).build(),
          HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, response.statusCode());
      assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
      lines = response.body();
      reader = Thread.ofVirtual().start(() -> {
        try {
          lines.filter(l -> l.startsWith("data: ")).forEach(l -> views.add(new JsonObject(l.substring(6))));
        } catch (RuntimeException closed) {
          // the stream was closed by the test
        }
      });
    }

    /** Waits for a view matching {@code condition}, skipping the others. */
    JsonObject next(Predicate<JsonObject> condition) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        JsonObject view = views.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (view != null && condition.test(view)) {
          return view;
        }
      }
      throw new AssertionError("no matching view within " + WAIT);
    }

    @Override
    public void close() throws InterruptedException {
      lines.close();
      reader.join();
    }
  }

  @Nested
  class Page {
    @Test
    void servesTheSelfContainedPageWithAFreshSessionPerLoad() throws Exception {
      HttpResponse<String> first = send("GET", "/");
      HttpResponse<String> second = send("GET", "/");
      assertEquals(200, first.statusCode());
      assertTrue(first.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'"));
      String id1 = first.body().replaceAll("(?s).*data-fresh-session=\"([0-9a-f]{12})\".*", "$1");
      String id2 = second.body().replaceAll("(?s).*data-fresh-session=\"([0-9a-f]{12})\".*", "$1");
      assertEquals(12, id1.length(), "the page should carry a fresh session id");
      assertFalse(id1.equals(id2), "each page load should offer another session");
      assertFalse(first.body().contains("http://") || first.body().contains("https://"),
          "the page must not load anything from the network");
    }

    @Test
    void answersUnknownPathsAndMethodsWithAnExplanation() throws Exception {
      assertEquals(404, send("GET", "/nope").statusCode());
      HttpResponse<String> wrongMethod = send("POST", "/");
      assertEquals(405, wrongMethod.statusCode());
      assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElseThrow());
      assertEquals(400, send("GET", "/events?session=no!").statusCode());
    }
  }

  @Nested
  class Events {
    @Test
    void pushesNewReadingsStatisticsAndTheForecast() throws Exception {
      try (Sse stream = new Sse(server.base, "events-1")) {
        JsonObject first = stream.next(v -> true);
        assertEquals("tab-events", first.getJsonObject("you").getString("name"));
        long seq = first.getJsonObject("stats").getLong("seq");
        JsonObject later = stream.next(v -> v.getJsonObject("stats").getLong("seq") > seq + 2);
        JsonObject stats = later.getJsonObject("stats");
        double mean = stats.getDouble("mean");
        assertTrue(stats.getDouble("min") <= mean && mean <= stats.getDouble("max"), stats.encode());
        assertEquals(later.getJsonArray("values").size(), stats.getInteger("count"));
        stream.next(v -> v.getJsonObject("forecast").getString("state").equals("loading"));
        JsonObject ready = stream.next(v -> v.getJsonObject("forecast").getString("state").equals("ready"));
        assertNotNull(ready.getJsonObject("forecast").getDouble("value"));
      }
    }

    @Test
    void presenceFollowsOpenStreams() throws Exception {
      try (Sse alone = new Sse(server.base, "presence-a")) {
        alone.next(v -> v.getJsonArray("viewers").getList().equals(List.of("tab-presen")));
        try (Sse other = new Sse(server.base, "zz-presence-b")) {
          JsonObject both = alone.next(v -> v.getJsonArray("viewers").size() == 2);
          assertEquals(List.of("tab-presen", "tab-zz-pre"), both.getJsonArray("viewers").getList());
          other.next(v -> v.getJsonArray("viewers").size() == 2);
        }
        alone.next(v -> v.getJsonArray("viewers").size() == 1);
      }
    }
  }

  @Nested
  class Dispatch {
    @Test
    void bumpRunsThroughTheMiddlewareAndReportsItsMutations() throws Exception {
      try (Sse stream = new Sse(server.base, "dispatch-1")) {
        stream.next(v -> v.getJsonObject("session").getInteger("clicks") == 0);
        HttpResponse<String> response = send("POST", "/dispatch?session=dispatch-1&event=bump", "X-Weft", "1");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject result = new JsonObject(response.body());
        assertTrue(result.getBoolean("ok"));
        assertEquals(1, result.getInteger("result"));
        JsonObject mutations = result.getJsonObject("mutations");
        assertEquals(1, mutations.getInteger("+clicks"));
        assertEquals("bronze", mutations.getString("+badge"), "the mutation handler's cascade is part of the run");
        assertTrue(mutations.getString("+audit").startsWith("bump took "), "the middleware records the run");
        JsonObject view = stream.next(v -> v.getJsonObject("session").getInteger("clicks") == 1);
        assertEquals("bronze", view.getJsonObject("session").getString("badge"));
      }
    }

    @Test
    void otherTabsHearAboutTheClickOverTheBus() throws Exception {
      try (Sse watcher = new Sse(server.base, "watcher-1")) {
        watcher.next(v -> true);
        List<String> activity = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpResponse<java.util.stream.Stream<String>> raw = HTTP.send(
            HttpRequest.newBuilder(server.base.resolve("events?session=watcher-2")).build(),
            HttpResponse.BodyHandlers.ofLines());
        Thread reader = Thread.ofVirtual().start(() -> {
          try {
            raw.body().filter(l -> l.startsWith("data: tab-")).forEach(activity::add);
          } catch (RuntimeException closed) {
            // closed by the test
          }
        });
        assertEquals(200, send("POST", "/dispatch?session=watcher-1&event=bump", "X-Weft", "1").statusCode());
        await().atMost(WAIT).until(() -> activity.contains("data: tab-watche changed clicks"));
        raw.body().close();
        reader.join();
      }
    }

    @Test
    void refusesForeignOriginsUnknownEventsAndBadSessions() throws Exception {
      assertEquals(403, send("POST", "/dispatch?session=dispatch-2&event=bump").statusCode());
      assertEquals(404, send("POST", "/dispatch?session=dispatch-2&event=drop", "X-Weft", "1").statusCode());
      assertEquals(400, send("POST", "/dispatch?session=x&event=bump", "X-Weft", "1").statusCode());
      assertEquals(405, send("GET", "/dispatch?session=dispatch-2&event=bump").statusCode());
    }
  }

  @Nested
  class Limits {
    @Test
    void refusesNewSessionsBeyondTheMaximum() throws Exception {
      try (RunningDashboard small = new RunningDashboard(RunningDashboard.FAST.withMaxSessions(1))) {
        HttpRequest.Builder bump =
            HttpRequest.newBuilder().header("X-Weft", "1").POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(200, HTTP.send(bump.uri(small.base.resolve("dispatch?session=first&event=bump")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(503, HTTP.send(bump.uri(small.base.resolve("dispatch?session=second&event=bump")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      }
    }
  }
}
