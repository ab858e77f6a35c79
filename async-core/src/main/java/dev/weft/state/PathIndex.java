package dev.weft.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A lazily built tree of one value per path (a version signal per path read reactively), answering
 * "which values does an assignment of this path affect": those at the path, above it (their nested
 * value changed) and below it (their subtree was replaced), never siblings. The root stands for the
 * whole state ({@link SessionState#snapshot()}).
 *
 * <p>Threads: any thread; the tree is guarded by {@link #lock}, held only to walk or extend it, never
 * while a value is used (callers get the values and act on them after the lock is released).
 *
 * @param <V> the per-path value
 */
final class PathIndex<V> {
  private final ReentrantLock lock = new ReentrantLock();
  private final Supplier<V> factory;
  private final Node<V> root = new Node<>();

  /** One key of the tree; {@link #value} is created on first request. Guarded by the index lock. */
  private static final class Node<V> {
    @Nullable V value;
    @Nullable Map<String, Node<V>> children;
  }

  PathIndex(Supplier<V> factory) {
    this.factory = factory;
  }

  /** Returns the value for {@code path}, creating it (and the nodes on the way) if needed. */
  V valueFor(StatePath path) {
    lock.lock();
    try {
      Node<V> node = root;
      for (String key : path.keys()) {
        if (node.children == null) {
          node.children = new HashMap<>();
        }
        node = node.children.computeIfAbsent(key, k -> new Node<>());
      }
      return valueOf(node);
    } finally {
      lock.unlock();
    }
  }

  /** Returns the value standing for the whole state, creating it if needed. */
  V rootValue() {
    lock.lock();
    try {
      return valueOf(root);
    } finally {
      lock.unlock();
    }
  }

  private V valueOf(Node<V> node) {
    V value = node.value;
    if (value == null) {
      value = factory.get();
      node.value = value;
    }
    return value;
  }

  /**
   * Returns the existing values an assignment of {@code path} affects: the root, every ancestor, the
   * path itself and everything below it. Creates nothing.
   */
  List<V> affectedBy(StatePath path) {
    List<V> out = new ArrayList<>();
    lock.lock();
    try {
      Node<V> node = root;
      addIfPresent(node, out);
      for (String key : path.keys()) {
        node = node.children == null ? null : node.children.get(key);
        if (node == null) {
          return out;
        }
        addIfPresent(node, out);
      }
      if (node.children != null) {
        node.children.values().forEach(child -> addSubtree(child, out));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many values exist; for tests. */
  int valueCount() {
    List<V> all = new ArrayList<>();
    lock.lock();
    try {
      addSubtree(root, all);
      return all.size();
    } finally {
      lock.unlock();
    }
  }

  private static <V> void addIfPresent(Node<V> node, List<V> out) {
    if (node.value != null) {
      out.add(node.value);
    }
  }

  private static <V> void addSubtree(Node<V> node, List<V> out) {
    addIfPresent(node, out);
    if (node.children != null) {
      node.children.values().forEach(child -> addSubtree(child, out));
    }
  }
}
