package dev.weft.samples.dashboard;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One open {@code EventSource} connection: writes Server-Sent Events to the HTTP response, always on
 * the connection's own event loop.
 *
 * <p>Threads: {@link #view} and {@link #event} are called from any thread (graph writers, bus readers)
 * and never block: they hand the text to the connection's context. Only the newest view matters, so
 * views are coalesced: {@link #pendingView} holds the latest one not yet written, and at most one write
 * task for it is queued. {@link #closed} is written on the event loop and read anywhere.
 */
final class EventStream {
  private final Context context;
  private final HttpServerResponse response;
  private final AtomicReference<String> pendingView = new AtomicReference<>();
  private volatile boolean closed;

  EventStream(Context context, HttpServerResponse response) {
    this.context = context;
    this.response = response;
  }

  /** Opens the stream: sends the SSE headers and the client's reconnect delay. Event loop only. */
  void open() {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .write("retry: 1000\n\n");
  }

  /** Sends {@code json} as the next default ("message") event, replacing a view not yet written. */
  void view(String json) {
    if (pendingView.getAndSet(json) == null) {
      context.runOnContext(v -> {
        String latest = pendingView.getAndSet(null);
        if (latest != null) {
          write("data: " + latest + "\n\n");
        }
      });
    }
  }

  /** Sends one named event; {@code data} must be a single line. */
  void event(String name, String data) {
    String line = data.replace('\n', ' ').replace('\r', ' ');
    context.runOnContext(v -> write("event: " + name + "\ndata: " + line + "\n\n"));
  }

  /** Ends the response if it is still open. Any thread. */
  void end() {
    context.runOnContext(v -> {
      if (!closed) {
        closed = true;
        response.end();
      }
    });
  }

  /** Marks the stream closed (the client went away). Event loop only. */
  void markClosed() {
    closed = true;
  }

  private void write(String text) {
    // A client that does not keep up skips views; the next one carries the whole state anyway.
    if (!closed && !response.writeQueueFull()) {
      response.write(text);
    }
  }
}
