package dev.weft.state;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link SessionState#set} or {@link SessionState#remove} when mutation handlers keep
 * re-triggering each other: more than {@value SessionState#MAX_CASCADE_DEPTH} nested cascades. The
 * assignment that would have gone one level deeper is not made. When this exception reaches the
 * outermost {@code set}/{@code remove} of the cascade (the one not called by a mutation handler), every
 * assignment of the cascade is undone there, and the exception thrown to its caller says so (with the
 * refused assignment's exception as its cause): see {@link SessionState#set} for what "undone" covers.
 * A handler that catches this exception itself stops the cascade, and nothing is undone.
 */
public class MutationCycleException extends IllegalStateException {

  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the path and says what to do. */
  public MutationCycleException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the exception it reports on. */
  public MutationCycleException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
