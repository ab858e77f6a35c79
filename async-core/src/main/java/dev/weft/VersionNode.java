package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A source node without a value: a version that computations track and writers bump. The reactive
 * collections and {@link ReactiveConfig} keep their data in their own structures and use these nodes
 * only to tell readers "what you read here may have changed": one node per aggregate (a collection's
 * structure or contents, the whole config) and one per key read reactively ({@link KeyNodes}).
 *
 * <p>A bump is an ordinary source change for the kernel: it increments {@link #version} (what the pull
 * phase of unwatched derived values compares) and propagates to the subscribers (what watched ones and
 * effects react to).
 *
 * <p>Threads: every mutable field is guarded by the graph lock, like every {@link Node}.
 */
final class VersionNode extends Node {
  private final String label;
  /** The key this node stands for in {@link #table}; null for an aggregate node. */
  final @Nullable Object key;
  /** The table that owns this keyed node and drops it when it is no longer needed; null if none. */
  private final @Nullable KeyNodes table;
  /** The {@link KeyNodes} epoch of the last tracked read (see {@link KeyNodes#sweep}). */
  int lastRead;

  /** An aggregate node, described as {@code label} in error messages. */
  VersionNode(Kernel kernel, String label) {
    this(kernel, label, null, null);
  }

  VersionNode(Kernel kernel, String label, @Nullable Object key, @Nullable KeyNodes table) {
    super(kernel);
    this.label = label;
    this.key = key;
    this.table = table;
  }

  /** Under the lock: tells every reader of this node that what it read changed. */
  void bump() {
    version++;
    kernel.propagate(this, DIRTY);
  }

  /**
   * Tracks a read of this node if the current thread is inside a tracked computation of its graph, by
   * the same rule as {@link SignalNode#get}: under the graph lock, the active sync computation, if any;
   * otherwise the async body running on this thread, if any. The caller holds the graph lock (which
   * {@link Kernel#track} and {@link AsyncFrame#track} require).
   */
  void trackRead() {
    Kernel k = kernel;
    Consumer sub = k.activeSub;
    if (sub != null) {
      k.track(this, sub);
      return;
    }
    AsyncFrame frame = k.currentFrame();
    if (frame != null) {
      frame.track(this);
    }
  }

  /**
   * Whether a read by the current thread would be tracked: the rule of {@link #trackRead}, for a thread
   * that may or may not hold the graph lock.
   */
  static boolean tracking(Kernel k) {
    return k.heldByCurrentThread() ? k.activeSub != null : k.currentFrame() != null;
  }

  @Override
  void onUnwatched() {
    KeyNodes t = table;
    if (t != null) {
      t.unwatched(this);
    }
  }

  @Override
  String describe() {
    return key == null ? label : label + " (key " + key + ")";
  }
}
