package dev.weft.state;

import org.jspecify.annotations.Nullable;

/**
 * Wraps every handler run of an {@link EventRuntime}. Middlewares run in registration order, the first
 * registered outermost: each runs its code before {@code next.proceed()}, the rest of the chain (and
 * finally the handler) runs inside that call, then its code after. A middleware can
 *
 * <ul>
 *   <li>short-circuit: return without calling {@code next.proceed()} (the handler does not run, and its
 *       return value becomes the result);
 *   <li>handle errors: catch what {@code next.proceed()} throws and return a result instead, or throw
 *       something else (e.g. a per-event transaction that restores the state and rethrows);
 *   <li>replace the result: return something other than what {@code next.proceed()} returned.
 * </ul>
 *
 * Middlewares run on the dispatch's virtual thread and may block. Calling {@code next.proceed()} more
 * than once runs the rest of the chain again (a retry).
 */
@FunctionalInterface
public interface Middleware {

  /**
   * Runs around the rest of the chain.
   *
   * @return the run's result
   * @throws Exception anything: the dispatch then reports {@code ok = false} with its message
   */
  @Nullable Object handle(EventContext event, Next next) throws Exception;

  /** The rest of the chain: the following middlewares, then the handler. */
  @FunctionalInterface
  interface Next {

    /**
     * Runs the rest of the chain and returns its result.
     *
     * @throws Exception what the rest of the chain threw
     */
    @Nullable Object proceed() throws Exception;
  }
}
