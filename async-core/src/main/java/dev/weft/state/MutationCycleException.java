package dev.weft.state;

import java.io.Serial;

/**
 * Thrown by {@link SessionState#set} or {@link SessionState#remove} when mutation handlers keep
 * re-triggering each other: more than {@value SessionState#MAX_CASCADE_DEPTH} nested cascades. The
 * assignment that would have gone one level deeper is not made; every assignment made before it stays
 * stored and recorded, so the state stays consistent.
 */
public class MutationCycleException extends IllegalStateException {

  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the path and says what to do. */
  public MutationCycleException(String message) {
    super(message);
  }
}
