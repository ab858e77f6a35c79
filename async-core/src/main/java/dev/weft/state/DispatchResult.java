package dev.weft.state;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one {@link EventRuntime#dispatch}, delivered once its handler (and middlewares)
 * finished.
 *
 * @param event the event name
 * @param ok true if the chain returned normally, false if it threw, was cancelled or could not start
 * @param result what the chain returned when {@code ok}; null otherwise
 * @param error when not {@code ok}: the message of the failure (its class name if it had none)
 * @param mutations the assignments this run made to its session, in the format and order of {@link
 *     SessionState#drainMutations()} (also when it failed: what was assigned stays assigned);
 *     immutable, null values allowed. Only assignments made on the run's own thread (and by the
 *     mutation handlers they triggered) are attributed to the run.
 * @param failure when not {@code ok}: what was thrown (a {@link
 *     java.util.concurrent.CancellationException} for a cancelled run)
 */
public record DispatchResult(
    String event,
    boolean ok,
    @Nullable Object result,
    @Nullable String error,
    Map<String, @Nullable Object> mutations,
    @Nullable Throwable failure) {

  /**
   * @throws NullPointerException if {@code event} or {@code mutations} is null
   */
  public DispatchResult {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(mutations, "mutations");
  }

  static DispatchResult succeeded(String event, @Nullable Object result, Map<String, @Nullable Object> mutations) {
    return new DispatchResult(event, true, result, null, mutations, null);
  }

  static DispatchResult failed(String event, Throwable failure, Map<String, @Nullable Object> mutations) {
    String message = failure.getMessage();
    return new DispatchResult(
        event,
        false,
        null,
        message == null ? failure.getClass().getName() : message,
        mutations,
        failure);
  }
}
