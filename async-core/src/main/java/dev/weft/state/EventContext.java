package dev.weft.state;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One dispatched event as seen by its {@link Middleware}s and {@link EventHandler}: the session it runs
 * for, its name and arguments, a place to pass data along the chain, and the mutations made so far.
 * Belongs to one dispatch; safe to read from any thread.
 */
public interface EventContext {

  /** The event (handler) name. */
  String event();

  /** The session the event runs for; the handler sees and changes only this one. */
  SessionState state();

  /** The arguments given to {@link EventRuntime#dispatch}; immutable, may contain nulls. */
  List<@Nullable Object> args();

  /**
   * Returns argument {@code index} as a {@code type}.
   *
   * @throws IllegalArgumentException if there is no such argument, or it is neither null nor a {@code
   *     type}; the message names the event, the index and both types
   */
  <T> @Nullable T arg(int index, Class<T> type);

  /**
   * A mutable, thread-safe map private to this dispatch, for middlewares to hand data to later
   * middlewares and the handler (e.g. a transaction). Null keys and values are not allowed.
   */
  Map<String, Object> attributes();

  /** The mutations this run made so far (see {@link DispatchResult#mutations()}); immutable. */
  Map<String, @Nullable Object> mutations();
}
