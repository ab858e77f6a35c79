package dev.weft;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReactiveConfig}: an immutable tree of maps replaced as a whole by each write, plus a trie
 * of {@link VersionNode}s, one per key read reactively.
 *
 * <p>Who touches what, from which thread:
 *
 * <ul>
 *   <li>{@link #root}: volatile, read lock-free by any thread; replaced only under the graph lock (so
 *       writers are serialised, and a computation, which holds the lock, sees it stable for its whole
 *       run).
 *   <li>The trie ({@link KeyTrie}): extended lock-free by {@link ConcurrentHashMap#computeIfAbsent},
 *       whose mapping functions only construct nodes (no user code), so racing threads that ask for the
 *       same new key all get the one node that won. Tracked reads extend it under the graph lock, and
 *       writers walk it under the graph lock, so a writer sees every node a computation read before the
 *       write, and a computation that reads after the write sees the new root.
 *   <li>The nodes' versions and subscribers: guarded by the graph lock, like every {@link Node}.
 * </ul>
 */
final class LocalReactiveConfig implements ReactiveConfig {
  private final Kernel kernel;
  private final KeyTrie trie;
  private volatile Map<String, Object> root;

  /** One key of the trie: its node and the keys below it that were read reactively. */
  private static final class KeyTrie {
    final VersionNode node;
    final ConcurrentHashMap<String, KeyTrie> children = new ConcurrentHashMap<>();

    KeyTrie(Kernel kernel, String label) {
      this.node = new VersionNode(kernel, label);
    }
  }

  LocalReactiveConfig(Kernel kernel, Map<String, ?> initial) {
    this.kernel = kernel;
    this.trie = new KeyTrie(kernel, "reactive config");
    this.root = ConfigValues.freezeMap(initial, "");
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public @Nullable Object get(String key) {
    List<String> path = ConfigValues.parseKey(key);
    Kernel k = kernel;
    if (k.heldByCurrentThread()) {
      if (k.activeSub != null) {
        nodeFor(path).trackRead();
      }
      return lookup(root, path);
    }
    if (k.currentFrame() != null) {
      k.lock.lock();
      try {
        nodeFor(path).trackRead();
        return lookup(root, path);
      } finally {
        k.lock.unlock();
      }
    }
    return lookup(root, path);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(String key, T fallback) {
    Objects.requireNonNull(fallback, "fallback");
    Object value = get(key);
    if (value == null) {
      return fallback;
    }
    Class<?> expected = expectedType(fallback);
    if (expected != null && !expected.isInstance(value)) {
      throw new ClassCastException("config key '" + key + "' holds a " + value.getClass().getName()
          + ", not a " + expected.getName() + " like the fallback: read it with a fallback of its"
          + " type, or with get(key)");
    }
    return (T) value;
  }

  /** The type a value must have to be returned for {@code fallback}, or null when not checkable. */
  private static @Nullable Class<?> expectedType(Object fallback) {
    if (fallback instanceof Map<?, ?>) {
      return Map.class;
    }
    if (fallback instanceof List<?>) {
      return List.class;
    }
    if (fallback instanceof Set<?>) {
      return Set.class;
    }
    if (fallback instanceof Collection<?>) {
      return Collection.class;
    }
    if (fallback instanceof Enum<?> e) {
      return e.getDeclaringClass();
    }
    Class<?> c = fallback.getClass();
    return Modifier.isFinal(c.getModifiers()) ? c : null;
  }

  @Override
  public Map<String, Object> all() {
    Kernel k = kernel;
    if (k.heldByCurrentThread()) {
      trie.node.trackRead();
      return root;
    }
    if (k.currentFrame() != null) {
      k.lock.lock();
      try {
        trie.node.trackRead();
        return root;
      } finally {
        k.lock.unlock();
      }
    }
    return root;
  }

  /** Returns the node of {@code key}, creating it (and those above it) if needed; for tests too. */
  VersionNode nodeFor(String key) {
    return nodeFor(ConfigValues.parseKey(key));
  }

  private VersionNode nodeFor(List<String> path) {
    KeyTrie t = trie;
    for (int i = 0; i < path.size(); i++) {
      int end = i + 1;
      t = t.children.computeIfAbsent(path.get(i),
          s -> new KeyTrie(kernel, "reactive config key '" + String.join(".", path.subList(0, end)) + "'"));
    }
    return t.node;
  }

  private static @Nullable Object lookup(Map<String, Object> root, List<String> path) {
    Object current = root;
    for (String segment : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(segment);
    }
    return current;
  }

  private static @Nullable Object child(@Nullable Object parent, String segment) {
    return parent instanceof Map<?, ?> map ? map.get(segment) : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public void set(String key, Object value) {
    List<String> path = ConfigValues.parseKey(key);
    Objects.requireNonNull(value, "value");
    Object frozen = ConfigValues.freeze(value, key);
    write(key, path, frozen);
  }

  private void write(String key, List<String> path, Object frozen) {
    Kernel k = kernel;
    if (!k.enter()) {
      with(root, key, path, 0, frozen); // reject a write that is invalid now, before deferring it
      Kernel.defer(() -> write(key, path, frozen));
      return;
    }
    try {
      k.checkWritable(trie.node);
      Map<String, Object> old = root;
      if (frozen.equals(lookup(old, path))) {
        return;
      }
      Map<String, Object> next = with(old, key, path, 0, frozen);
      root = next;
      notifyReaders(old, next, path);
    } finally {
      k.exit();
    }
  }

  /** Returns a copy of {@code node} with {@code value} at {@code path[i..]}; copies only that path. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> with(
      Map<String, Object> node, String key, List<String> path, int i, Object value) {
    String segment = path.get(i);
    Object replacement;
    if (i == path.size() - 1) {
      replacement = value;
    } else {
      Object child = node.get(segment);
      Map<String, Object> childMap;
      if (child == null) {
        childMap = Map.of();
      } else if (child instanceof Map<?, ?> m) {
        childMap = (Map<String, Object>) m;
      } else {
        String above = String.join(".", path.subList(0, i + 1));
        throw new IllegalArgumentException("cannot set config key '" + key + "': '" + above
            + "' holds a " + child.getClass().getName() + ", not a map. Set '" + above
            + "' to a map first, or set a different key.");
      }
      replacement = with(childMap, key, path, i + 1, value);
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(node);
    copy.put(segment, replacement);
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Under the graph lock, after the value at {@code path} changed: bumps the whole config, every key
   * above {@code path} and {@code path} itself (their values all changed), and every key below whose
   * value differs between the two trees.
   */
  private void notifyReaders(Map<String, Object> oldRoot, Map<String, Object> newRoot, List<String> path) {
    trie.node.bump();
    KeyTrie t = trie;
    for (String segment : path) {
      t = t.children.get(segment);
      if (t == null) {
        return;
      }
      t.node.bump();
    }
    bumpChangedBelow(t, lookup(oldRoot, path), lookup(newRoot, path));
  }

  private static void bumpChangedBelow(KeyTrie t, @Nullable Object oldValue, @Nullable Object newValue) {
    for (Map.Entry<String, KeyTrie> e : t.children.entrySet()) {
      Object before = child(oldValue, e.getKey());
      Object after = child(newValue, e.getKey());
      if (!Objects.equals(before, after)) {
        e.getValue().node.bump();
        bumpChangedBelow(e.getValue(), before, after);
      }
    }
  }

  @Override
  public String toString() {
    return "ReactiveConfig" + root;
  }

  /** Deep copying and key parsing for {@link LocalReactiveConfig}. Stateless. */
  static final class ConfigValues {
    private ConfigValues() {}

    /**
     * Splits a dotted key into its segments.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code key} is empty or has an empty segment
     */
    static List<String> parseKey(String key) {
      Objects.requireNonNull(key, "key");
      List<String> segments = new ArrayList<>(4);
      int start = 0;
      while (true) {
        int dot = key.indexOf('.', start);
        int end = dot < 0 ? key.length() : dot;
        if (end == start) {
          throw new IllegalArgumentException("malformed config key '" + key + "': "
              + (key.isEmpty() ? "it is empty" : "it has an empty segment at index " + start
                  + " (a leading, trailing or double dot)")
              + ". Write keys as non-empty segments separated by single dots, e.g. 'server.port'.");
        }
        segments.add(key.substring(start, end));
        if (dot < 0) {
          return List.copyOf(segments);
        }
        start = dot + 1;
      }
    }

    /** A deep immutable copy of a value handed in at {@code where} (a key, for messages). */
    static Object freeze(Object value, String where) {
      if (value instanceof Map<?, ?> map) {
        return freezeMap(map, where);
      }
      if (value instanceof List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object element : list) {
          copy.add(freeze(nonNullElement(element, where), where + "[]"));
        }
        return Collections.unmodifiableList(copy);
      }
      if (value instanceof Set<?> set) {
        LinkedHashSet<Object> copy = LinkedHashSet.newLinkedHashSet(set.size());
        for (Object element : set) {
          copy.add(freeze(nonNullElement(element, where), where + "[]"));
        }
        return Collections.unmodifiableSet(copy);
      }
      return value;
    }

    private static Object nonNullElement(@Nullable Object element, String where) {
      if (element == null) {
        throw new NullPointerException("a collection given for config key '" + where
            + "' holds null: config values are never null; leave the element out");
      }
      return element;
    }

    /** A deep immutable copy of a map whose keys may be dotted; {@code where} is its key ("" at the top). */
    static Map<String, Object> freezeMap(Map<?, ?> map, String where) {
      LinkedHashMap<String, Object> tree = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          throw new IllegalArgumentException("the map given for " + describe(where) + " has the key "
              + e.getKey() + " of type " + (e.getKey() == null ? "null" : e.getKey().getClass().getName())
              + ": config maps have string keys");
        }
        String full = where.isEmpty() ? name : where + "." + name;
        parseKey(full); // a malformed name fails here, with the full key in the message
        List<String> path = parseKey(name);
        Object v = e.getValue();
        if (v == null) {
          throw new NullPointerException("config key '" + full + "' is given a null value: config"
              + " values are never null; leave the key out");
        }
        insert(tree, path, freeze(v, full), full);
      }
      return seal(tree);
    }

    private static String describe(String where) {
      return where.isEmpty() ? "the config" : "config key '" + where + "'";
    }

    /** Puts {@code value} at {@code path} in a tree under construction, merging maps. */
    @SuppressWarnings("unchecked")
    private static void insert(LinkedHashMap<String, Object> tree, List<String> path, Object value,
        String full) {
      LinkedHashMap<String, Object> node = tree;
      for (int i = 0; i < path.size() - 1; i++) {
        Object child = node.get(path.get(i));
        if (child == null) {
          LinkedHashMap<String, Object> created = new LinkedHashMap<>();
          node.put(path.get(i), created);
          node = created;
        } else if (child instanceof Map<?, ?> m) {
          LinkedHashMap<String, Object> open = new LinkedHashMap<>((Map<String, Object>) m);
          node.put(path.get(i), open);
          node = open;
        } else {
          throw conflict(full);
        }
      }
      String last = path.getLast();
      Object existing = node.get(last);
      if (existing == null) {
        node.put(last, value);
      } else if (existing instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) a);
        for (Map.Entry<?, ?> e : b.entrySet()) {
          insert(merged, List.of((String) e.getKey()), e.getValue(), full + "." + e.getKey());
        }
        node.put(last, merged);
      } else {
        throw conflict(full);
      }
    }

    private static IllegalArgumentException conflict(String full) {
      return new IllegalArgumentException("config key '" + full + "' is given twice (as a dotted key"
          + " and inside a map, or below a key whose value is not a map): give each key once");
    }

    /** Turns the maps of a tree under construction into unmodifiable ones. */
    private static Map<String, Object> seal(Map<String, Object> tree) {
      LinkedHashMap<String, Object> out = LinkedHashMap.newLinkedHashMap(tree.size());
      for (Map.Entry<String, Object> e : tree.entrySet()) {
        Object v = e.getValue();
        out.put(e.getKey(), v instanceof LinkedHashMap<?, ?> open ? seal(castMap(open)) : v);
      }
      return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
  }
}
