package dev.weft;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration as nested maps addressed by dotted keys ({@code "server.port"}), read reactively per
 * key: a computation that reads a key reruns only when the value at that key changes.
 *
 * <pre>{@code
 * ReactiveConfig config = ReactiveConfig.create(graph, Map.of("server", Map.of("port", 8080)));
 * graph.effect(() -> restartListener(config.get("server.port", 80)));   // runs now
 * config.set("db.url", "jdbc:...");                                      // reruns nothing above
 * config.set("server", Map.of("port", 9090));                            // reruns it: port changed
 * }</pre>
 *
 * <h2>Keys</h2>
 *
 * A key is one or more non-empty segments separated by {@code .}; an empty key, a leading or trailing
 * dot or an empty segment ({@code "a..b"}) is rejected with {@link IllegalArgumentException} naming the
 * key. Segments address nested maps: {@code "server.port"} is the entry {@code port} of the map at
 * {@code server}. Keys are not escaped: a map key containing a dot is read as a dotted key, so {@code
 * Map.of("server.port", 8080)} is the same configuration as {@code Map.of("server", Map.of("port",
 * 8080))} (two entries that address the same key, or a key and a key inside it whose value is not a
 * map, are rejected as conflicting). Lists are values: their elements are not addressed by keys.
 *
 * <h2>Values</h2>
 *
 * Values are never null. Everything handed in is copied: maps (whose keys must be strings) become
 * unmodifiable maps in the order given, lists unmodifiable lists, sets unmodifiable sets, deeply; other
 * values are kept as given and should be immutable (strings, numbers, records...). So every value
 * handed out is an immutable snapshot: a caller can neither change the configuration behind its back
 * nor see it change under its feet.
 *
 * <h2>What reruns</h2>
 *
 * A computation (derived value, effect, async body) that read key {@code k} reruns when the value at
 * {@code k} changes by {@link Object#equals}: when {@code k} itself is written, when a key inside it is
 * written ({@code server.port} changes the value at {@code server}), or when a key above it is replaced
 * and the value at {@code k} differs as a result ({@code set("server", ...)} reruns readers of {@code
 * server.port} if the new map's port differs). A write to a sibling ({@code db.url}) reruns nothing that
 * read only {@code server.port}. {@link #all()} depends on every key. A key read while missing (with or
 * without a fallback) is tracked too: setting it later reruns the reader. A write of a value equal to
 * the current one changes nothing and notifies nobody.
 *
 * <h2>Threads</h2>
 *
 * Every method is safe from any thread. Reads never block writers for long: the configuration is an
 * immutable tree replaced atomically by each write, so a plain read sees the state before or after any
 * write, never a mix. Writes hold the graph's lock, like a signal write: a computation of the graph
 * never sees half a write, and effects rerun when the write (or the enclosing {@link Graph#batch})
 * ends. One small node per key that was ever read reactively is kept for the life of the config; reads
 * outside computations create none.
 */
public interface ReactiveConfig {

  /**
   * Creates a configuration in {@code graph} holding a deep immutable copy of {@code initial}, whose
   * keys may be plain or dotted (see the class documentation).
   *
   * @throws NullPointerException if an argument, or a value nested in {@code initial}, is null
   * @throws IllegalArgumentException if a key in {@code initial} is malformed, not a string, or
   *     conflicts with another
   * @throws IllegalStateException if {@code graph} is closed
   */
  static ReactiveConfig create(Graph graph, Map<String, ?> initial) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(initial, "initial");
    graph.kernel.checkOpen();
    return new LocalReactiveConfig(graph.kernel, initial);
  }

  /**
   * {@link #create(Graph, Map)} in {@link Graph#global()}, the graph of {@link Weft}'s computations.
   *
   * @throws NullPointerException if {@code initial}, or a value nested in it, is null
   * @throws IllegalArgumentException if a key in {@code initial} is malformed, not a string, or
   *     conflicts with another
   */
  static ReactiveConfig create(Map<String, ?> initial) {
    return create(Graph.global(), initial);
  }

  /**
   * Returns the value at {@code key}, or null if there is none (or a key on the way holds a value
   * that is not a map). Maps, lists and sets are immutable. Inside a computation of the graph, the
   * read is tracked, also when the key is missing.
   *
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is malformed
   */
  @Nullable Object get(String key);

  /**
   * Returns the value at {@code key}, or {@code fallback} if there is none. Tracked like {@link
   * #get(String)}: a computation that got the fallback reruns when the key is set.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code key} is malformed
   * @throws ClassCastException if the value is not of the fallback's type (checked for final classes
   *     such as {@code String}, {@code Integer} or records, enums, and for maps, lists and sets);
   *     the message names the key and both types
   */
  <T> T get(String key, T fallback);

  /**
   * Stores a deep immutable copy of {@code value} at {@code key}, creating the maps on the way, and
   * reruns the computations whose keys changed value. Does nothing if {@code value} equals the
   * current value. Inside a computation of another graph, the write is applied when that computation
   * ends, like a signal write.
   *
   * @throws NullPointerException if an argument, or a value nested in {@code value}, is null
   * @throws IllegalArgumentException if {@code key} (or a key in a map given as {@code value}) is
   *     malformed or conflicting, or a key on the way holds a value that is not a map; nothing changes
   * @throws IllegalStateException if called inside a derived function
   * @throws RuntimeException the first error thrown by an effect this write reran
   */
  void set(String key, Object value);

  /** Returns the whole configuration as an immutable nested map; tracked as a read of every key. */
  Map<String, Object> all();
}
