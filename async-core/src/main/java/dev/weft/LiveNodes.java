package dev.weft;

import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The nodes a graph disposes when it closes: an intrusive doubly linked list through the nodes'
 * own {@link LiveNode} links. Adding and removing are O(1) and allocate nothing.
 *
 * <p>Threads: every field, and the links of every node in the list, are guarded by {@link #lock}.
 * <ul>
 *   <li>{@link #add}: the thread creating an effect or async node, or starting a producer. It may
 *       hold <em>another</em> graph's lock (an effect of graph A creating an effect of graph B), so
 *       the list cannot be guarded by the graph lock: A-holds-A-wants-B against B-holds-B-wants-A
 *       would deadlock.
 *   <li>{@link #remove}: the thread disposing a node, usually under the graph lock.
 *   <li>{@link #snapshot}: {@link Graph#close()}, any thread.
 * </ul>
 * {@link #lock} is a leaf: nothing else is acquired and no user code runs while holding it, so it
 * can nest inside any graph lock without ordering problems.
 */
final class LiveNodes {
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable LiveNode head;
  private @Nullable LiveNode tail;
  private int size;

  /** Appends {@code n}; does nothing if it is registered already. */
  void add(LiveNode n) {
    lock.lock();
    try {
      if (contains(n)) {
        return;
      }
      LiveNode t = tail;
      n.livePrev(t);
      n.liveNext(null);
      if (t == null) {
        head = n;
      } else {
        t.liveNext(n);
      }
      tail = n;
      size++;
    } finally {
      lock.unlock();
    }
  }

  /** Unlinks {@code n}; does nothing if it is not registered (never was, or removed already). */
  void remove(LiveNode n) {
    lock.lock();
    try {
      if (!contains(n)) {
        return;
      }
      LiveNode p = n.livePrev();
      LiveNode x = n.liveNext();
      if (p == null) {
        head = x;
      } else {
        p.liveNext(x);
      }
      if (x == null) {
        tail = p;
      } else {
        x.livePrev(p);
      }
      n.livePrev(null);
      n.liveNext(null);
      size--;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: a node is in the list iff it has a predecessor or is the head. */
  private boolean contains(LiveNode n) {
    return n.livePrev() != null || head == n;
  }

  /** Whether {@code n} is registered now. */
  boolean isRegistered(LiveNode n) {
    lock.lock();
    try {
      return contains(n);
    } finally {
      lock.unlock();
    }
  }

  /** How many nodes are registered now. */
  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The registered nodes in registration order, copied under the lock: the caller disposes them
   * without it (disposal takes the graph lock and runs user cleanups).
   */
  LiveNode[] snapshot() {
    lock.lock();
    try {
      LiveNode[] out = new LiveNode[size];
      int i = 0;
      for (LiveNode n = head; n != null; n = n.liveNext()) {
        out[i++] = n;
      }
      return out;
    } finally {
      lock.unlock();
    }
  }
}
