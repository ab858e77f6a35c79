package dev.weft;

import java.io.Serial;

/**
 * Thrown when a derived value reads itself (directly or through other deriveds), or when effects keep
 * re-triggering each other beyond a bounded number of flush rounds.
 */
public class CycleException extends IllegalStateException {

  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the node and says what to do. */
  public CycleException(String message) {
    super(message);
  }
}
