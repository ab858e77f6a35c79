/**
 * Per-session state and the event handlers that change it.
 *
 * <p>{@link dev.weft.state.SessionState} holds nested values addressed by dotted paths, records each
 * assignment as a mutation ({@code "+path"} / {@code "-path"}) and runs {@link
 * dev.weft.state.MutationHandler}s synchronously after each assignment. {@link
 * dev.weft.state.EventRuntime} dispatches named handlers for a session on virtual threads, through a
 * chain of {@link dev.weft.state.Middleware}s, and reports each run's mutations in a {@link
 * dev.weft.state.DispatchResult}.
 */
@NullMarked
package dev.weft.state;

import org.jspecify.annotations.NullMarked;
