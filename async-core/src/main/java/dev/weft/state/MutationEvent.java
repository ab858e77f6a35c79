package dev.weft.state;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One assignment seen by a {@link MutationHandler}.
 *
 * @param path the path that was assigned (as written by the caller of {@code set}/{@code remove});
 *     for a handler subscribed to a parent or child path, this is still the assigned path
 * @param previousValue the value at {@code path} before the assignment (null if absent); nested maps
 *     are immutable snapshots
 * @param newValue the value stored at {@code path}; null for a removal; nested maps are immutable
 *     snapshots
 * @param state the session state that was assigned, for reads and cascading writes
 */
public record MutationEvent(
    String path, @Nullable Object previousValue, @Nullable Object newValue, SessionState state) {

  /**
   * @throws NullPointerException if {@code path} or {@code state} is null
   */
  public MutationEvent {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(state, "state");
  }
}
