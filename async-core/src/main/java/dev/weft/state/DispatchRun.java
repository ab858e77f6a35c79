package dev.weft.state;

import dev.weft.Task;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One dispatch: the {@link Dispatch} handle returned to the caller, the {@link EventContext} seen by
 * middlewares and the handler, and the {@link Runnable} given to the task factory.
 *
 * <p>Who touches what, from which thread:
 *
 * <ul>
 *   <li>{@link #phase}: QUEUED until the run's thread claims it (RUNNING) or it is abandoned (DONE,
 *       never started: cancelled, rejected, or the factory dropped it). The CAS from QUEUED decides
 *       which of the two happens, exactly once.
 *   <li>{@link #cancelRequested}, {@link #task}: volatile. {@link #cancel()} writes the flag then reads
 *       the task; {@link #launch()} writes the task then reads the flag, so one of them interrupts.
 *   <li>{@link #result}: completed once (first completion wins) by the run's thread, by {@link
 *       #cancel()} for a run that has not started, or by {@link #abandon}.
 *   <li>{@link #ended}: the gate the next run of the same session waits for; completed exactly once,
 *       after the run's thread is done with the session or the run was abandoned, never earlier (a
 *       cancelled queued run keeps its place until its predecessor ended).
 *   <li>{@link #recorder}'s log is guarded by the session's lock ({@link LocalSessionState}).
 * </ul>
 */
final class DispatchRun implements Dispatch, EventContext, Runnable {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final LocalEventRuntime runtime;
  private final LocalSessionState state;
  private final String event;
  private final EventHandler handler;
  private final List<@Nullable Object> args;
  private final LocalSessionState.RunRecorder recorder;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private final AtomicInteger phase = new AtomicInteger(QUEUED);
  private final CompletableFuture<DispatchResult> result = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private volatile boolean cancelRequested;
  private volatile @Nullable Task task;

  DispatchRun(
      LocalEventRuntime runtime,
      LocalSessionState state,
      String event,
      EventHandler handler,
      @Nullable Object[] args) {
    this.runtime = runtime;
    this.state = state;
    this.event = event;
    this.handler = handler;
    this.args = Collections.unmodifiableList(Arrays.asList(args.clone()));
    this.recorder = new LocalSessionState.RunRecorder(state, new MutationLog());
  }

  @Override
  public LocalSessionState state() {
    return state;
  }

  CompletableFuture<Void> ended() {
    return ended;
  }

  /** Starts the run on the runtime's task factory; called once, when the session's previous run ended. */
  void launch() {
    if (cancelRequested || runtime.isClosed()) { // a run queued behind one that close() interrupted
      abandon(cancelled(null));
      return;
    }
    Task started;
    try {
      started = runtime.taskFactory().start(this);
    } catch (RuntimeException rejected) {
      abandon(rejected);
      return;
    }
    task = started;
    if (cancelRequested) {
      started.cancel();
    }
    // A factory may skip the work of a task cancelled before it started: end the run anyway.
    started.done().whenComplete((v, e) -> abandon(cancelled(null)));
  }

  /** Ends a run that never started (no-op if it did): reports {@code why}, opens the gate. */
  void abandon(Throwable why) {
    if (phase.compareAndSet(QUEUED, DONE)) {
      result.complete(DispatchResult.failed(event, why, Map.of()));
      end();
    }
  }

  @Override
  public void run() {
    if (!phase.compareAndSet(QUEUED, RUNNING)) {
      return;
    }
    DispatchResult outcome;
    try {
      if (cancelRequested || runtime.isClosed()) {
        outcome = DispatchResult.failed(event, cancelled(null), Map.of());
      } else {
        Object value =
            ScopedValue.where(LocalSessionState.CURRENT_RUN, recorder).call(() -> proceed(0));
        outcome = DispatchResult.succeeded(event, value, mutations());
      }
    } catch (VirtualMachineError fatal) {
      result.complete(DispatchResult.failed(event, fatal, mutations()));
      phase.set(DONE);
      end();
      throw fatal;
    } catch (Throwable error) {
      Throwable reported = cancelRequested ? cancelled(error) : error;
      outcome = DispatchResult.failed(event, reported, mutations());
    }
    result.complete(outcome);
    phase.set(DONE);
    end();
  }

  private @Nullable Object proceed(int index) throws Exception {
    List<Middleware> chain = runtime.middlewares();
    if (index == chain.size()) {
      return handler.handle(this);
    }
    return chain.get(index).handle(this, () -> proceed(index + 1));
  }

  private void end() {
    ended.complete(null);
    runtime.ended(this);
  }

  private CancellationException cancelled(@Nullable Throwable cause) {
    CancellationException e = new CancellationException("event '" + event + "' was cancelled");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  // ---------------------------------------------------------------- Dispatch

  @Override
  public String event() {
    return event;
  }

  @Override
  public SessionState session() {
    return state;
  }

  @Override
  public Map<String, @Nullable Object> mutations() {
    return state.runMutations(recorder.log());
  }

  @Override
  public CompletableFuture<DispatchResult> result() {
    return result.copy();
  }

  @Override
  public DispatchResult await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for event '" + event + "'");
    } catch (ExecutionException e) {
      throw new IllegalStateException("unreachable: dispatch results never fail", e);
    }
  }

  @Override
  public boolean isDone() {
    return result.isDone();
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    if (phase.get() == QUEUED) {
      // Not started: report now. If its thread claims it meanwhile, it sees cancelRequested and stops.
      result.complete(DispatchResult.failed(event, cancelled(null), Map.of()));
    }
    Task t = task;
    if (t != null) {
      t.cancel();
    }
  }

  // ---------------------------------------------------------------- EventContext

  @Override
  public List<@Nullable Object> args() {
    return args;
  }

  @Override
  public <T> @Nullable T arg(int index, Class<T> type) {
    if (index < 0 || index >= args.size()) {
      throw new IllegalArgumentException(
          "event '" + event + "' has " + args.size() + " argument(s); there is no argument " + index);
    }
    Object value = args.get(index);
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException(
          "event '" + event + "' argument " + index + " is a " + value.getClass().getName()
              + ", not a " + type.getName());
    }
    return type.cast(value);
  }

  @Override
  public Map<String, Object> attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    return "dispatch of '" + event + "' " + args + (isDone() ? " (done)" : "");
  }
}
