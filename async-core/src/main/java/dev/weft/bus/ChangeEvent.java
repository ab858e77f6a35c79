package dev.weft.bus;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One change announced on a scope.
 *
 * @param scope the scope the event is emitted to
 * @param changedPaths the paths that changed (copied, immutable)
 * @param origin the session that caused the change, if known; subscribers may skip their own
 * @param audience if present, only subscribers whose user id is in it receive the event (copied)
 */
public record ChangeEvent(
    String scope, Set<String> changedPaths, @Nullable String origin, @Nullable Set<String> audience) {

  /**
   * @throws NullPointerException if {@code scope}, {@code changedPaths} or an element is null
   */
  public ChangeEvent {
    Objects.requireNonNull(scope, "scope");
    changedPaths = Set.copyOf(Objects.requireNonNull(changedPaths, "changedPaths"));
    audience = audience == null ? null : Set.copyOf(audience);
  }

  /** An event for everyone on {@code scope}, with no origin. */
  public static ChangeEvent of(String scope, String... changedPaths) {
    return new ChangeEvent(scope, Set.of(changedPaths), null, null);
  }
}
