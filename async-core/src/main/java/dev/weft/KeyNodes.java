package dev.weft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The per-key {@link VersionNode}s of one reactive collection: a node exists only for a key that a
 * tracked computation read, and only as long as it may be needed.
 *
 * <h2>Lifecycle, and why dropping a node is always safe</h2>
 *
 * A node is created by the first tracked read of its key ({@link #node}); untracked reads never create
 * one. It is dropped from the table when
 *
 * <ul>
 *   <li>its last subscriber leaves ({@link #unwatched}: the effects and watched derived values that read
 *       the key re-ran without reading it, or were disposed);
 *   <li>its key disappears from the collection (a map key removed, a list index past the new end) and
 *       nothing subscribes to it ({@link #removed});
 *   <li>a {@link #sweep} finds it without subscribers and not read since the previous sweep. Sweeps
 *       bound the nodes that only unwatched derived values (which never subscribe) or nobody at all
 *       still refer to, e.g. a derived value that reads ever new absent keys.
 * </ul>
 *
 * Every drop bumps the node. An unwatched derived value still holding a link to the dropped node thus
 * sees it as changed on its next read, recomputes, and links to the key's current node; a computation
 * can never keep waiting on a node that writers no longer bump. The price of a drop is at most one
 * extra recomputation of such a derived value. Watched readers are never affected: a node with
 * subscribers is never dropped. So the table holds at most the keys watched now, plus what was read
 * since the last sweep, and sweeps run when the table doubled since the last one: amortised O(1) per
 * node created.
 *
 * <p>Threads: every method is called with the graph lock held; {@link #nodes} is guarded by it.
 */
final class KeyNodes {
  /** The table size below which no sweep runs. */
  static final int MIN_SWEEP = 64;

  private final Kernel kernel;
  private final String label;
  private final HashMap<Object, VersionNode> nodes = new HashMap<>();
  private int epoch;
  private int sweepAt = MIN_SWEEP;

  /**
   * @param label what the keys belong to, for error messages ("reactive map")
   */
  KeyNodes(Kernel kernel, String label) {
    this.kernel = kernel;
    this.label = label;
  }

  /** Returns the node of {@code key} for a tracked read, creating it if needed. */
  VersionNode node(Object key) {
    VersionNode n = nodes.get(key);
    if (n == null) {
      if (nodes.size() >= sweepAt) {
        sweep();
      }
      n = new VersionNode(kernel, label, key, this);
      nodes.put(key, n);
    }
    n.lastRead = epoch;
    return n;
  }

  /** Returns the node of {@code key} if a tracked computation read it, else null. */
  @Nullable VersionNode existing(Object key) {
    return nodes.get(key);
  }

  /** The value at {@code key} changed: reruns its readers. */
  void changed(Object key) {
    VersionNode n = nodes.get(key);
    if (n != null) {
      n.bump();
    }
  }

  /** {@code key} no longer exists: reruns its readers and drops the node if none is subscribed. */
  void removed(Object key) {
    VersionNode n = nodes.get(key);
    if (n != null) {
      n.bump();
      if (n.subs == null) {
        nodes.remove(key);
      }
    }
  }

  /** Returns the nodes that exist now (a copy: callers may drop nodes while going through it). */
  List<VersionNode> all() {
    return new ArrayList<>(nodes.values());
  }

  /** How many nodes exist; for tests. */
  int size() {
    return nodes.size();
  }

  /** Called by the kernel when the last subscriber of {@code n} left. */
  void unwatched(VersionNode n) {
    Object key = n.key;
    if (key != null && nodes.get(key) == n) {
      nodes.remove(key);
      n.bump();
    }
  }

  /** Drops every node without subscribers that was not read since the previous sweep. */
  private void sweep() {
    int previous = epoch++;
    for (Iterator<VersionNode> it = nodes.values().iterator(); it.hasNext(); ) {
      VersionNode n = it.next();
      if (n.subs == null && n.lastRead != previous) {
        it.remove();
        n.bump();
      }
    }
    sweepAt = Math.max(MIN_SWEEP, nodes.size() * 2);
  }
}
