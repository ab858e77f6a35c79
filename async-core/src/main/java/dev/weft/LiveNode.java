package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A node that its graph must dispose on {@link Graph#close()} (effects, async nodes, started
 * producers). It carries its own two links of the graph's {@link LiveNodes} list, so registering
 * allocates nothing: 8 bytes per node instead of a hash-set entry (~40 bytes).
 *
 * <p>Threads: the links are read and written only by {@link LiveNodes}, under its lock.
 */
interface LiveNode extends Disposable {

  /** The next node of the live list; null at the tail or when not registered. */
  @Nullable LiveNode liveNext();

  void liveNext(@Nullable LiveNode next);

  /** The previous node of the live list; null at the head or when not registered. */
  @Nullable LiveNode livePrev();

  void livePrev(@Nullable LiveNode prev);
}
