package dev.weft.state;

import dev.weft.TaskFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link EventRuntime} implementation.
 *
 * <p>Who touches what, from which thread:
 *
 * <ul>
 *   <li>{@link #handlers}, {@link #middlewares}: immutable after construction; read by any thread.
 *   <li>{@link #closed}, {@link #live}: {@code dispatch} (any thread) adds a run to {@link #live} and
 *       then re-reads {@link #closed}; {@link #close()} sets {@link #closed} and then snapshots {@link
 *       #live}. Both are volatile/concurrent, so either the dispatch sees the close (and withdraws the
 *       run) or the close sees the run (and cancels and awaits it). No lock is shared between
 *       sessions. Runs remove themselves from {@link #live} (any thread) when they end.
 *   <li>{@link #tails}: the end gate of the last run dispatched per session (serial mode), swapped
 *       atomically by {@code dispatch}, so the order of those swaps is the run order of a session; a
 *       run removes its own gate when it ends, only if it is still the tail.
 *   <li>Each {@link DispatchRun} documents its own fields.
 * </ul>
 */
final class LocalEventRuntime implements EventRuntime {
  private final Map<String, EventHandler> handlers;
  private final List<Middleware> middlewares;
  private final TaskFactory taskFactory;
  private final boolean serialPerSession;
  private volatile boolean closed;
  private final Set<DispatchRun> live = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<LocalSessionState, CompletableFuture<Void>> tails =
      new ConcurrentHashMap<>();

  LocalEventRuntime(
      Map<String, EventHandler> handlers,
      List<Middleware> middlewares,
      TaskFactory taskFactory,
      boolean serialPerSession) {
    this.handlers = handlers;
    this.middlewares = middlewares;
    this.taskFactory = taskFactory;
    this.serialPerSession = serialPerSession;
  }

  @Override
  public Dispatch dispatch(SessionState session, String event, @Nullable Object... args) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(args, "args");
    EventHandler handler = handlers.get(event);
    if (handler == null) {
      throw new IllegalArgumentException(
          "no event handler named '"
              + event
              + "'"
              + (event.startsWith("_") ? " (names starting with '_' are private, never exposed)" : "")
              + "; registered: "
              + handlers.keySet());
    }
    if (!(session instanceof LocalSessionState state)) {
      throw new IllegalArgumentException(
          "cannot dispatch '"
              + event
              + "' for a "
              + session.getClass().getName()
              + ": the runtime records mutations of sessions made by SessionState.create(...) only");
    }
    DispatchRun run = new DispatchRun(this, state, event, handler, args);
    if (closed) {
      throw closedError(event);
    }
    live.add(run);
    if (closed) { // close() raced with us and may have missed the run: undo and refuse
      run.abandon(closedError(event));
      throw closedError(event);
    }
    CompletableFuture<Void> previous = serialPerSession ? tails.put(state, run.ended()) : null;
    if (previous == null) {
      run.launch();
    } else {
      previous.whenComplete((v, e) -> run.launch());
    }
    return run;
  }

  private static IllegalStateException closedError(String event) {
    return new IllegalStateException(
        "the event runtime is closed; cannot dispatch '" + event + "'. Build a new one.");
  }

  List<Middleware> middlewares() {
    return middlewares;
  }

  TaskFactory taskFactory() {
    return taskFactory;
  }

  boolean isClosed() {
    return closed;
  }

  /** Called once by each run when it has ended, however it ended. */
  void ended(DispatchRun run) {
    live.remove(run);
    if (serialPerSession) {
      tails.remove(run.state(), run.ended());
    }
  }

  @Override
  public Set<String> handlerNames() {
    return handlers.keySet();
  }

  @Override
  public void close() {
    closed = true;
    List<DispatchRun> snapshot = new ArrayList<>(live);
    snapshot.forEach(DispatchRun::cancel);
    boolean interrupted = false;
    for (DispatchRun run : snapshot) {
      while (true) {
        try {
          run.ended().get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          break; // gates never complete exceptionally
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EventRuntime[handlers="
        + handlers.keySet()
        + ", middlewares="
        + middlewares.size()
        + ", running="
        + live.size()
        + "]";
  }
}
