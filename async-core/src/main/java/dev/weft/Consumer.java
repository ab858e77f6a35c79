package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A node that reads others: a derived value, an effect, an async node. Keeps its dependency list and a
 * tracking cursor ({@link #depsTail}) used while it runs.
 *
 * <p>Threads: guarded by {@code kernel.lock}.
 */
abstract class Consumer extends Node {
  @Nullable Link deps;
  /** During a run: the last dependency confirmed by this run; the links after it are candidates. */
  @Nullable Link depsTail;

  Consumer(Kernel kernel) {
    super(kernel);
  }

  /**
   * Called by propagation when a source marks this node. Returns true if the mark should travel on to
   * this node's own subscribers (a derived value), false if this node is a leaf that queued itself.
   */
  abstract boolean onNotify();

  /** Runs a queued node during a flush (effects, async nodes). */
  void runQueued() {}

  /**
   * The queued run threw before clearing the marks, or the flush stopped before reaching this node
   * (a fatal error, a cycle): clear the marks so the next change queues it again.
   */
  void queuedRunAbandoned() {
    flags &= ~(DIRTY | PENDING);
  }

  /**
   * Pull phase: this node's dependencies are about to be checked (mark it computing). {@code mark}
   * is 0 or {@link #RETURN_LINKED}, to set in the same store; it stays until the check ends.
   */
  void beginCheck(int mark) {
    flags |= mark;
  }

  /**
   * Pull phase: the check ended; recompute if a dependency changed, then clear the marks (with
   * {@link #RETURN_LINKED}).
   */
  void endCheck(boolean recompute) {
    flags &= ~RETURN_LINKED;
  }

  /** Pull phase: the check was aborted by an exception; clear the marks (with RETURN_LINKED). */
  void abortCheck() {
    flags &= ~RETURN_LINKED;
  }

  /** Whether writing a signal while this node is the active consumer is an error. */
  boolean forbidsWrites() {
    return false;
  }
}
