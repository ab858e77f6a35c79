package dev.weft.state;

import dev.weft.Graph;
import dev.weft.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of one client session: nested values addressed by dotted paths, with every assignment
 * recorded as a mutation and observable by {@link MutationHandler}s.
 *
 * <h2>Paths and values</h2>
 *
 * A path is a list of keys separated by {@code .}; a literal dot in a key is written {@code \.} and a
 * literal backslash {@code \\} ({@link #escape(String)}, {@link #path(String...)}). A path with an
 * empty key (leading, trailing or double dot), an empty path or an unknown escape is rejected with
 * {@link IllegalArgumentException} before anything changes. {@code set("user.name", v)} creates the
 * missing maps on the way; it fails if a key on the way holds a value that is not a map.
 *
 * <p>A {@link Map} given to {@code set} or {@code create} is copied into the state (its keys must be
 * strings; they are literal keys, not paths), so later writes below it never touch the caller's map.
 * Other values are stored by reference. Reads return maps as immutable snapshots. Null is a value:
 * {@code set(p, null)} keeps the key, {@code remove(p)} drops it; {@code get} returns null for both.
 *
 * <h2>Mutations</h2>
 *
 * Mutations are detected by assignment, never by comparing values: every {@code set} records {@code
 * "+path" -> value} and every {@code remove} records {@code "-path" -> null}, even if nothing changed.
 * The log keeps the last assignment per path, in the order of those last assignments (a path assigned
 * again moves to the end; a {@code set} replaces an earlier {@code "-path"} and vice versa), so
 * applying the entries in order reproduces the state. {@link #drainMutations()} returns and clears
 * the log; {@link #pendingMutations()} only reads it.
 *
 * <h2>Mutation handlers</h2>
 *
 * A handler subscribed to a path {@code p} runs for an assignment of {@code p} itself, of a path below
 * {@code p} ({@code p.x}: the value at {@code p} changed) and of a path above {@code p} (its parent was
 * replaced, so the value at {@code p} may have changed). It runs synchronously on the assigning thread,
 * after the value is stored and recorded, before {@code set}/{@code remove} returns; handlers run in
 * subscription order. The session lock is <em>not</em> held while handlers run: other threads can
 * read and write the session meanwhile, and a handler may block without stalling readers. A handler
 * may assign (a cascade); more than {@value #MAX_CASCADE_DEPTH} nested cascades on one thread throw
 * {@link MutationCycleException}. If a handler throws, the other handlers of that assignment still
 * run and the first exception is rethrown to the assigner (the value stays stored).
 *
 * <p>A cycle is the exception: when a {@link MutationCycleException} comes back to the outermost
 * {@code set}/{@code remove} of the cascade (the one no handler called), every assignment the cascade
 * made, on this session or any other, is undone before it is rethrown, newest first:
 *
 * <ul>
 *   <li>each path gets back the value it held before the cascade's first assignment of it (or is
 *       absent again), and maps created on the way to a path are removed again if they hold nothing
 *       but empty maps; a path that another thread assigned after the cascade did keeps that thread's
 *       value (decided by identity: the path no longer holds the very object the cascade stored, or
 *       holds one after the cascade removed it; another thread storing that very object again,
 *       such as a cached {@code Integer}, cannot be told apart and is undone). A write of another thread below a map
 *       the cascade stored goes with that map;
 *   <li>the cascade's records are taken back from {@link #pendingMutations()} (and from the run's
 *       {@link DispatchResult#mutations()} inside an {@link EventRuntime} handler): the log reads as if
 *       the outermost call had never been made, with other threads' records in place; records already
 *       handed out by a {@link #drainMutations()} of another thread cannot be taken back;
 *   <li>computations reading the restored paths rerun and see the restored values; the reruns they
 *       made during the cascade, and whatever those did outside the session, are not undone;
 *   <li>no mutation handler runs for the undo, and what handlers did outside the session (I/O,
 *       other state) is not undone.
 * </ul>
 *
 * A handler that catches the {@code MutationCycleException} stops the cascade there; then nothing is
 * undone. Other exceptions of handlers leave the cascade's assignments stored, as said above.
 *
 * <h2>Reactive reads</h2>
 *
 * A session belongs to a {@link Graph} ({@link #create(Graph, Map)}; {@link Graph#global()} for the
 * other factories). Inside a derived function, an effect body or an async body of that graph, {@link
 * #get} is a tracked read: the computation reruns after every assignment of that path, of a path above
 * it (its parent was replaced) or of a path below it (its value changed), never of a sibling; {@link
 * #snapshot()} reruns after every assignment. As for mutations, this is by assignment, not by value: an
 * assignment of an equal value reruns the readers too. Reads outside computations of the graph (or
 * inside {@link Graph#untracked}) are plain reads.
 *
 * <p>The reruns happen when the assignment's batch ends: at once, or when the caller's enclosing
 * {@link Graph#batch} ends, so assignments grouped in one batch rerun each reader once, and it sees all
 * of them. They happen before the mutation handlers of the assignment run. An assignment made inside a
 * computation of another graph reruns the readers when that computation ends, like a signal write.
 * Each path read reactively keeps one small version signal for the life of the session; plain reads
 * create none.
 *
 * <h2>Threads</h2>
 *
 * Every method is safe from any thread, platform or virtual. Each session has its own lock, held only
 * while a value is read, stored or recorded, never while user code runs; two sessions never share a
 * lock. An assignment of a path that a computation reads reactively also holds the graph's lock around
 * its store, so that the computations of the graph never see an assignment without its rerun.
 */
public interface SessionState {

  /** The largest number of nested mutation-handler cascades; one more throws {@link MutationCycleException}. */
  int MAX_CASCADE_DEPTH = 128;

  /**
   * Creates an empty session state whose paths can be read reactively by computations of {@link
   * Graph#global()} (the graph of {@link dev.weft.Weft}'s static methods).
   */
  static SessionState create() {
    return create(Graph.global(), Map.of());
  }

  /**
   * Creates a session state holding a deep copy of {@code initial}, read reactively by computations of
   * {@link Graph#global()}. Keys of {@code initial} (and of maps nested in it) are literal keys, not
   * paths. Creating records no mutations.
   *
   * @throws NullPointerException if {@code initial} is null
   * @throws IllegalArgumentException if a nested map has a key that is not a string
   */
  static SessionState create(Map<String, ?> initial) {
    return create(Graph.global(), initial);
  }

  /**
   * Creates a session state holding a deep copy of {@code initial} whose paths can be read reactively
   * by the computations of {@code graph} (see "Reactive reads" in the class documentation).
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a nested map has a key that is not a string
   */
  static SessionState create(Graph graph, Map<String, ?> initial) {
    Objects.requireNonNull(graph, "graph");
    return new LocalSessionState(graph, Objects.requireNonNull(initial, "initial"));
  }

  /**
   * Returns the value at {@code path}, or null if there is none (or a key on the way is not a map). A
   * map is returned as an immutable snapshot.
   *
   * @throws NullPointerException if {@code path} is null
   * @throws IllegalArgumentException if {@code path} is malformed
   */
  @Nullable Object get(String path);

  /**
   * Stores {@code value} at {@code path}, records {@code "+path"}, reruns the computations that read it
   * reactively (see "Reactive reads"), then runs the mutation handlers subscribed to it.
   *
   * @throws NullPointerException if {@code path} is null
   * @throws IllegalArgumentException if {@code path} is malformed, a key on the way holds a value that
   *     is not a map, or {@code value} is a map with a non-string key; nothing is changed
   * @throws MutationCycleException if this assignment would be the 129th nested cascade, or if a
   *     cascade started by it did so and no handler caught the exception: nothing is changed, every
   *     assignment of the cascade is undone (see "Mutation handlers" for the exact extent)
   * @throws RuntimeException the first exception thrown by an effect rerun by this assignment or by
   *     a mutation handler (a checked one wrapped in {@link IllegalStateException}), the others
   *     suppressed in it; the value stays stored and recorded
   * @throws IllegalStateException if called inside a derived function of the session's graph that reads
   *     an affected path (a derived function must not have side effects); the value stays stored and
   *     recorded, but its readers are not rerun
   */
  void set(String path, @Nullable Object value);

  /**
   * Removes the value at {@code path} (if any), records {@code "-path"}, then runs the mutation
   * handlers subscribed to it.
   *
   * @throws NullPointerException if {@code path} is null
   * @throws IllegalArgumentException if {@code path} is malformed
   * @throws MutationCycleException if this removal would be the 129th nested cascade, or a cascade
   *     started by it did so: nothing is changed, as for {@link #set}
   * @throws RuntimeException the first exception thrown by an effect rerun by this removal or by a
   *     mutation handler, as for {@link #set}
   * @throws IllegalStateException inside a derived function, as for {@link #set}
   */
  void remove(String path);

  /**
   * Returns the recorded mutations, in order ({@code {"+age": 2, "-best_feature": null}}), and clears
   * the log. The returned map is immutable and allows null values.
   */
  Map<String, @Nullable Object> drainMutations();

  /** Returns the recorded mutations without clearing them; immutable, null values allowed. */
  Map<String, @Nullable Object> pendingMutations();

  /** Returns an immutable deep snapshot of the whole state, in insertion order. */
  Map<String, @Nullable Object> snapshot();

  /**
   * Runs {@code handler} after every assignment of one of {@code paths}, of a path below one of them or
   * of a path above one of them (see the class documentation), until the returned subscription is
   * disposed.
   *
   * @throws NullPointerException if {@code paths}, a path or {@code handler} is null
   * @throws IllegalArgumentException if {@code paths} is empty or a path is malformed
   */
  Subscription subscribeMutation(List<String> paths, MutationHandler handler);

  /** Escapes one key for use in a path: {@code escape("a.b")} is {@code "a\\.b"}. */
  static String escape(String key) {
    return StatePath.escape(key);
  }

  /**
   * Joins keys into a path, escaping each: {@code path("files", "a.txt")} is {@code "files.a\\.txt"}.
   *
   * @throws NullPointerException if {@code keys} or a key is null
   * @throws IllegalArgumentException if there are no keys or a key is empty
   */
  static String path(String... keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.length == 0) {
      throw new IllegalArgumentException("a path needs at least one key");
    }
    StringBuilder out = new StringBuilder();
    for (String key : keys) {
      if (Objects.requireNonNull(key, "key").isEmpty()) {
        throw new IllegalArgumentException("a path key must not be empty");
      }
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(StatePath.escape(key));
    }
    return out.toString();
  }
}
