package dev.weft.bus;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is behind a subscription: shown by {@link ReactiveBus#presence(String)} and used for audiences.
 *
 * @param sessionId the client session
 * @param userId the authenticated user, if any; audience events reach only subscribers with one
 * @param connectedAt when the connection was made
 */
public record ConnectionInfo(String sessionId, @Nullable String userId, Instant connectedAt) {

  /**
   * @throws NullPointerException if {@code sessionId} or {@code connectedAt} is null
   */
  public ConnectionInfo {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(connectedAt, "connectedAt");
  }
}
