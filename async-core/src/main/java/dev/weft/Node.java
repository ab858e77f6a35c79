package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A producer in the graph kernel: something that can be read and has subscribers. The kernel knows
 * nothing of node kinds beyond the hooks below; signals, derived values, async nodes and producers
 * are thin subclasses.
 *
 * <p>Threads: all fields are guarded by {@code kernel.lock}, except where a subclass documents a
 * volatile field for its lock-free read path.
 */
abstract class Node {
  // Flag bits. Why bits rather than booleans: one int per node keeps nodes small (see BENCHMARKS.md)
  // and lets propagation test "already notified" with a single mask.
  /** A direct source changed: must recompute/rerun. */
  static final int DIRTY = 1;
  /** An upstream derived may have changed: check source versions before recomputing. */
  static final int PENDING = 1 << 1;
  /** Queued in the kernel's flush queue. */
  static final int QUEUED = 1 << 2;
  /** Running its function now: a read of itself is a cycle. */
  static final int COMPUTING = 1 << 3;
  /** Subscribed to its sources (an effect, or a derived that has subscribers). */
  static final int WATCHED = 1 << 4;
  /** Disposed: never subscribes again. */
  static final int DISPOSED = 1 << 5;
  /** Has computed at least once. */
  static final int HAS_VALUE = 1 << 6;
  /**
   * A computation or check of this node was aborted (an exception, a trampoline): recompute on the
   * next read. Separate from DIRTY so that it never stops propagation from passing through the node
   * (propagation skips nodes already marked DIRTY/PENDING, whose subscribers it marked before).
   */
  static final int RECHECK = 1 << 7;
  /**
   * Being checked, and the way back up to the subscriber that descended into it is its first
   * dependency link's {@link Link#checkReturn}, not the check's stack.
   */
  static final int RETURN_LINKED = 1 << 8;

  final Kernel kernel;
  int flags;
  /** Bumped each time the value observably changes; starts at 0 (never published). */
  int version;

  @Nullable Link subs;
  @Nullable Link subsTail;

  Node(Kernel kernel) {
    this.kernel = kernel;
  }

  /** {@link #checkState()}: the value is up to date. */
  static final int CLEAN = 0;
  /** {@link #checkState()}: a dependency may have changed; check the dependencies' versions. */
  static final int CHECK = 1;
  /** {@link #checkState()}: must recompute (a direct source changed, or never computed). */
  static final int RECOMPUTE = 2;

  /**
   * Brings the value up to date before a read or a version comparison. Signals are always up to
   * date; derived values recompute here. Called under the lock.
   */
  void refresh() {}

  /**
   * {@link #refresh()} when {@link #checkState()} has just answered {@code state} (not {@link
   * #CLEAN}), so that a stale node need not be asked twice. Called under the lock.
   */
  void refresh(int state) {
    refresh();
  }

  /**
   * For the pull phase (under the lock): whether this producer is up to date, must check its own
   * dependencies, or must recompute. Only consumers answer other than {@link #CLEAN}.
   *
   * @throws CycleException if the node is computing (it is being read from inside itself)
   */
  int checkState() {
    return CLEAN;
  }

  /** Called under the lock when the first subscriber arrives. */
  void onWatched() {}

  /** Called under the lock when the last subscriber leaves. */
  void onUnwatched() {}

  /** A short description for error messages: kind and name. */
  abstract String describe();

  @Override
  public String toString() {
    return describe();
  }
}
