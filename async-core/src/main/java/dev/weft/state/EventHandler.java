package dev.weft.state;

import org.jspecify.annotations.Nullable;

/**
 * A named event handler, registered with {@link EventRuntime.Builder#handler}. It runs on its own
 * virtual thread, so it may simply block (I/O, sleeps, {@code Future.get}); its assignments to {@link
 * EventContext#state()} are recorded as the run's mutations and can be read while it runs.
 */
@FunctionalInterface
public interface EventHandler {

  /**
   * Handles one event.
   *
   * @return the result reported in {@link DispatchResult#result()}, or null
   * @throws Exception anything: the dispatch then reports {@code ok = false} with its message
   */
  @Nullable Object handle(EventContext event) throws Exception;
}
