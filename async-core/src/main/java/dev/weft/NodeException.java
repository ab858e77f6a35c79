package dev.weft;

import java.io.Serial;

/**
 * A failure of user code in a node that had no caller to throw to (an async effect's body, a cleanup
 * run on dispose, a producer's stop function), as handed to the graph's {@link ErrorHandler}. The
 * message names the node; {@link #getCause()} is what the user code threw.
 */
public class NodeException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String node;

  /** Creates an exception for {@code node} (a description such as {@code async effect 'save'}). */
  public NodeException(String node, String message, Throwable cause) {
    super(node + ": " + message, cause);
    this.node = node;
  }

  /** Returns the description of the node that failed, e.g. {@code async effect 'save'}. */
  public String node() {
    return node;
  }
}
