package dev.weft.state;

import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.Subscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SessionState} implementation.
 *
 * <p>Who touches what, from which thread:
 *
 * <ul>
 *   <li>{@link #root} (the tree: every map in it is a {@link LinkedHashMap} created here, never a
 *       caller's map) and {@link #log}: any thread, only while holding {@link #lock}. Values leave the
 *       lock only as immutable snapshots ({@link #export}); a node replaced or removed is detached and
 *       never written again, so it may be snapshotted after the lock is released.
 *   <li>The per-dispatch logs of {@link EventRuntime} runs ({@link RunRecorder#log}): written here under
 *       {@link #lock} by the run's own thread, read under {@link #lock} by anyone ({@link
 *       #runMutations}).
 *   <li>{@link #subscriptions}: copy-on-write; added and removed from any thread, iterated lock-free by
 *       assigning threads.
 *   <li>Mutation handlers run on the assigning thread with no lock held. {@link #CASCADE_DEPTH} counts
 *       the handlers nested on the current thread (scoped, so it unwinds by itself however a handler
 *       ends). {@link #CASCADE_UNDO}, bound next to it, carries the undo log of the outermost
 *       assignment ({@link CascadeUndo}): confined to the assigning thread, appended to by the
 *       assignments of the cascade (each step built under the lock of its session), rolled back by that
 *       thread alone, with each session's part restored under that session's lock.
 *   <li>{@link #readers}: one version signal of {@link #graph} per path read by a tracked computation,
 *       created on that read (any thread, under the index's own lock) and kept for the life of the
 *       session. Bumped by assigning threads under the graph lock.
 * </ul>
 *
 * <h2>Reactive reads</h2>
 *
 * A tracked {@link #get} first reads (so tracks) the path's version signal, then the value; an
 * assignment first stores the value, then bumps the signals of every path it affects ({@link
 * PathIndex#affectedBy}: the root, the ancestors, the path, everything below). Whatever the
 * interleaving, a reader either reads the new value or tracked a signal that the assignment bumps
 * afterwards: no update is lost. When some computation reads an affected path already, the store and
 * the bumps happen together inside one {@link Graph#batch} (lock order: graph lock, then the session
 * lock; never the other way round), so a computation of the graph, which runs under the graph lock,
 * never sees an assignment without its bump, and assignments grouped in a caller's {@code batch} are
 * seen together. When no computation reads an affected path, the store takes no graph lock at all (the
 * common case, e.g. sessions nobody reads reactively); readers that start meanwhile are bumped right
 * after the store.
 */
final class LocalSessionState implements SessionState {

  /** How many mutation handlers enclose the current code on this thread (all sessions together). */
  static final ScopedValue<Integer> CASCADE_DEPTH = ScopedValue.newInstance();

  /**
   * The undo log of the outermost assignment whose handlers enclose the current code on this thread;
   * bound exactly when {@link #CASCADE_DEPTH} is.
   */
  static final ScopedValue<CascadeUndo> CASCADE_UNDO = ScopedValue.newInstance();

  /** The {@link EventRuntime} run executing on this thread, whose mutations are recorded. */
  static final ScopedValue<RunRecorder> CURRENT_RUN = ScopedValue.newInstance();

  /**
   * A dispatch run's own mutation log, for the session it runs on.
   *
   * @param owner the session whose assignments go into {@code log}
   * @param log guarded by {@code owner}'s lock
   */
  record RunRecorder(LocalSessionState owner, MutationLog log) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, @Nullable Object> root; // guarded by lock
  private final MutationLog log = new MutationLog(); // guarded by lock
  private final CopyOnWriteArrayList<MutationSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final Graph graph;
  private final PathIndex<Signal<Long>> readers;

  LocalSessionState(Graph graph, Map<String, ?> initial) {
    this.graph = graph;
    this.readers = new PathIndex<>(() -> graph.signal(0L));
    this.root = importMap(initial, "<initial state>");
  }

  /** How many paths have a version signal; for tests. */
  int readerSignalCount() {
    return readers.valueCount();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public @Nullable Object get(String path) {
    StatePath p = StatePath.parse(path);
    if (graph.isTracking()) {
      readers.valueFor(p).get(); // track first, then read: see the class comment
    }
    lock.lock();
    try {
      Map<String, @Nullable Object> parent = parentOf(p, false);
      return parent == null ? null : export(parent.get(p.last()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, @Nullable Object> snapshot() {
    if (graph.isTracking()) {
      readers.rootValue().get();
    }
    lock.lock();
    try {
      return exportMap(root);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, @Nullable Object> drainMutations() {
    lock.lock();
    try {
      return log.drain();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, @Nullable Object> pendingMutations() {
    lock.lock();
    try {
      return log.copy();
    } finally {
      lock.unlock();
    }
  }

  /** Reads a dispatch run's log consistently with the writes going into it. */
  Map<String, @Nullable Object> runMutations(MutationLog runLog) {
    lock.lock();
    try {
      return runLog.copy();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void set(String path, @Nullable Object value) {
    StatePath p = StatePath.parse(path);
    assign(p, importValue(value, p), false);
  }

  @Override
  public void remove(String path) {
    assign(StatePath.parse(path), null, true);
  }

  /**
   * Assigns, with an undo log for the cascade when this is the outermost assignment: a {@link
   * MutationCycleException} that comes back to it undoes the whole cascade (see {@link CascadeUndo}).
   */
  private void assign(StatePath p, @Nullable Object stored, boolean removal) {
    int depth = CASCADE_DEPTH.orElse(0);
    if (depth > 0) {
      assign(p, stored, removal, depth, CASCADE_UNDO.get());
      return;
    }
    CascadeUndo undo = new CascadeUndo();
    try {
      assign(p, stored, removal, 0, undo);
    } catch (MutationCycleException cycle) {
      throw undo.rollBack(cycle, (removal ? "remove '" : "set '") + p + "'");
    }
  }

  private void assign(StatePath p, @Nullable Object stored, boolean removal, int depth, CascadeUndo undo) {
    if (depth > MAX_CASCADE_DEPTH) {
      throw new MutationCycleException(
          "mutation handlers cascaded more than "
              + MAX_CASCADE_DEPTH
              + " levels deep; refused to "
              + (removal ? "remove '" : "set '")
              + p
              + "'. A handler keeps re-triggering itself (directly or through others): make it stop"
              + " writing the paths it is subscribed to, or guard the write.");
    }
    Stored[] result = new Stored[1];
    Throwable notifyError = null;
    if (readers.affectedBy(p).isEmpty()) { // nobody reads this reactively: no graph lock needed
      result[0] = store(p, stored, removal, undo);
      notifyError = notifyLateReaders(p);
    } else {
      boolean[] entered = {false};
      try {
        graph.batch(() -> {
          entered[0] = true;
          result[0] = store(p, stored, removal, undo);
          bump(readers.affectedBy(p));
        });
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable t) {
        if (!entered[0]) {
          // Inside a computation of another graph, which may not take this graph's lock: store now;
          // each signal write defers itself until that computation ends, like any signal write.
          result[0] = store(p, stored, removal, undo);
          bump(readers.affectedBy(p));
        } else if (result[0] == null) {
          throw t; // the store itself was refused: nothing changed
        } else {
          notifyError = t; // an effect threw while flushing, or the assignment ran in a derived
        }
      }
    }
    Object previous = result[0].previous();
    Object exported = result[0].exported();
    List<MutationSubscription> matched = null;
    for (MutationSubscription s : subscriptions) {
      if (s.matches(p)) {
        if (matched == null) {
          matched = new ArrayList<>(2);
        }
        matched.add(s);
      }
    }
    if (matched != null) {
      try {
        // `previous` is detached from the tree: nobody writes it any more, so no lock is needed.
        runHandlers(matched, new MutationEvent(p.text(), export(previous), exported, this), depth, undo);
      } catch (RuntimeException | Error e) {
        if (notifyError != null && notifyError != e) {
          e.addSuppressed(notifyError);
        }
        throw e;
      }
    }
    if (notifyError instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (notifyError instanceof Error error) {
      throw error;
    }
    if (notifyError != null) {
      throw new IllegalStateException(
          "an effect rerun by the assignment of '" + p + "' threw " + notifyError, notifyError);
    }
  }

  /** What {@link #store} replaced, and the snapshot of what it stored. */
  private record Stored(@Nullable Object previous, @Nullable Object exported) {}

  /**
   * Stores (or removes) the value at {@code p} and records the mutation, under the session lock, and
   * appends to {@code undo} how to take it back.
   */
  private Stored store(StatePath p, @Nullable Object stored, boolean removal, CascadeUndo undo) {
    lock.lock();
    try {
      RunRecorder run = CURRENT_RUN.isBound() ? CURRENT_RUN.get() : null;
      MutationLog runLog = run != null && run.owner() == this ? run.log() : null;
      if (removal) {
        Map<String, @Nullable Object> parent = parentOf(p, false);
        boolean had = parent != null && parent.containsKey(p.last());
        Object previous = parent == null ? null : parent.remove(p.last());
        MutationLog.Record record = log.recordRemove(p.text());
        MutationLog.Record runRecord = runLog == null ? null : runLog.recordRemove(p.text());
        undo.add(
            new CascadeUndo.Step(this, p, true, had, previous, null, -1, null, record, runLog, runRecord));
        return new Stored(previous, null);
      }
      int createdFrom = CascadeUndo.firstMissingParent(root, p);
      Map<String, @Nullable Object> parent = Objects.requireNonNull(parentOf(p, true));
      Map<String, @Nullable Object> createdNode = null;
      if (createdFrom >= 0) {
        createdNode =
            CascadeUndo.childMap(
                Objects.requireNonNull(CascadeUndo.nodeAt(root, p, createdFrom)), p.key(createdFrom));
      }
      boolean had = parent.containsKey(p.last());
      Object previous = parent.put(p.last(), stored);
      Object exported = export(stored); // snapshot now: later writes below p may change the stored node
      MutationLog.Record record = log.recordSet(p.text(), exported);
      MutationLog.Record runRecord = runLog == null ? null : runLog.recordSet(p.text(), exported);
      undo.add(
          new CascadeUndo.Step(
              this, p, false, had, previous, stored, createdFrom, createdNode, record, runLog, runRecord));
      return new Stored(previous, exported);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- undoing a cascade

  /**
   * Undoes {@code newestFirst} (steps of one cascade on this session) under the session lock, inside
   * one batch of the graph, then reruns the readers of the restored paths; no mutation handler runs.
   * Errors of those reruns go to {@code effectErrors}. Returns how many paths were left to another
   * thread's later assignment.
   */
  int undo(List<CascadeUndo.Step> newestFirst, Consumer<Throwable> effectErrors) {
    int[] kept = {0};
    boolean[] restored = {false};
    Runnable restoreAndBump =
        () -> {
          kept[0] = restore(newestFirst);
          restored[0] = true;
          bump(affectedBy(newestFirst));
        };
    try {
      graph.batch(restoreAndBump);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      if (!restored[0]) {
        // Refused before the restore, e.g. inside another graph's computation: restore now; each
        // signal write defers itself until that computation ends.
        kept[0] = restore(newestFirst);
        try {
          bump(affectedBy(newestFirst));
        } catch (VirtualMachineError fatal) {
          throw fatal;
        } catch (Throwable bumpError) {
          effectErrors.accept(bumpError); // the values are restored; only the reruns failed
        }
      } else {
        effectErrors.accept(t);
      }
    }
    return kept[0];
  }

  private List<Signal<Long>> affectedBy(List<CascadeUndo.Step> steps) {
    Set<Signal<Long>> signals = Collections.newSetFromMap(new IdentityHashMap<>());
    for (CascadeUndo.Step s : steps) {
      signals.addAll(readers.affectedBy(s.path()));
    }
    return List.copyOf(signals);
  }

  private int restore(List<CascadeUndo.Step> newestFirst) {
    lock.lock();
    try {
      Set<String> kept = new HashSet<>();
      for (CascadeUndo.Step s : newestFirst) {
        if (!CascadeUndo.restoreValue(root, s)) {
          kept.add(s.path().text());
        }
        log.takeBack(s.logRecord());
        MutationLog runLog = s.runLog();
        if (runLog != null) {
          runLog.takeBack(Objects.requireNonNull(s.runRecord()));
        }
      }
      return kept.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * After a store made without the graph lock: bumps the readers of {@code p} that appeared since the
   * check (a tracked read that began meanwhile may have read the old value). Returns an effect's
   * error, or null.
   */
  private @Nullable Throwable notifyLateReaders(StatePath p) {
    List<Signal<Long>> late = readers.affectedBy(p);
    if (late.isEmpty()) {
      return null;
    }
    boolean[] entered = {false};
    try {
      graph.batch(() -> {
        entered[0] = true;
        bump(late);
      });
      return null;
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      if (!entered[0]) {
        bump(late); // inside another graph's computation: each write defers itself
        return null;
      }
      return t;
    }
  }

  private static void bump(List<Signal<Long>> signals) {
    for (Signal<Long> s : signals) {
      s.update(v -> v + 1);
    }
  }

  /**
   * Returns the map holding the last key of {@code p}. Without {@code create}, returns null if a key on
   * the way is missing or not a map. With {@code create}, adds the missing maps; a key on the way that
   * holds a non-map value fails before anything is added (maps are only ever created from the first
   * missing key on, and creating empty maps cannot fail). Caller holds {@link #lock}.
   */
  @SuppressWarnings("unchecked")
  private @Nullable Map<String, @Nullable Object> parentOf(StatePath p, boolean create) {
    if (!create) {
      return CascadeUndo.nodeAt(root, p, p.size() - 1);
    }
    Map<String, @Nullable Object> current = root;
    for (int i = 0; i < p.size() - 1; i++) {
      Object child = current.get(p.key(i));
      if (child instanceof Map<?, ?> node) {
        current = (Map<String, @Nullable Object>) node;
      } else if (child == null) {
        LinkedHashMap<String, @Nullable Object> node = new LinkedHashMap<>();
        current.put(p.key(i), node);
        current = node;
      } else {
        throw new IllegalArgumentException(
            "cannot set '"
                + p
                + "': '"
                + p.prefixText(i + 1)
                + "' holds a "
                + child.getClass().getName()
                + ", not a map. Replace '"
                + p.prefixText(i + 1)
                + "' with a map first, or set a different path.");
      }
    }
    return current;
  }

  private void runHandlers(
      List<MutationSubscription> matched, MutationEvent event, int depth, CascadeUndo undo) {
    Throwable first = null;
    ScopedValue.Carrier nested = ScopedValue.where(CASCADE_DEPTH, depth + 1).where(CASCADE_UNDO, undo);
    for (MutationSubscription s : matched) {
      if (s.isDisposed()) {
        continue;
      }
      try {
        nested.call(
            () -> {
              s.handler.onMutation(event);
              return null;
            });
      } catch (MutationCycleException cycle) {
        if (first != null) {
          cycle.addSuppressed(first);
        }
        throw cycle; // unwind at once: other handlers would only cascade into the same wall
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable error) {
        if (first == null) {
          first = error;
        } else if (first != error) {
          first.addSuppressed(error);
        }
      }
    }
    if (first instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (first instanceof Error error) {
      throw error;
    }
    if (first != null) {
      throw new IllegalStateException(
          "a mutation handler for '" + event.path() + "' threw " + first, first);
    }
  }

  // ---------------------------------------------------------------- subscriptions

  @Override
  public Subscription subscribeMutation(List<String> paths, MutationHandler handler) {
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(handler, "handler");
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("subscribeMutation needs at least one path");
    }
    List<StatePath> parsed = new ArrayList<>(paths.size());
    for (String path : paths) {
      parsed.add(StatePath.parse(path));
    }
    MutationSubscription subscription = new MutationSubscription(List.copyOf(parsed), handler);
    subscriptions.add(subscription);
    return subscription;
  }

  /** One {@link #subscribeMutation} registration. */
  private final class MutationSubscription implements Subscription {
    private final List<StatePath> paths;
    private final MutationHandler handler;
    private volatile boolean disposed;

    MutationSubscription(List<StatePath> paths, MutationHandler handler) {
      this.paths = paths;
      this.handler = handler;
    }

    boolean matches(StatePath assigned) {
      for (StatePath p : paths) {
        if (p.overlaps(assigned)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void dispose() {
      disposed = true;
      subscriptions.remove(this);
    }

    @Override
    public boolean isDisposed() {
      return disposed;
    }

    @Override
    public String toString() {
      return "mutation subscription to " + paths + (disposed ? " (disposed)" : "");
    }
  }

  // ---------------------------------------------------------------- copying in and out

  /** Copies a caller's value into the tree's representation: maps become fresh nodes. */
  private static @Nullable Object importValue(@Nullable Object value, StatePath path) {
    return value instanceof Map<?, ?> map ? importMap(map, "'" + path + "'") : value;
  }

  private static LinkedHashMap<String, @Nullable Object> importMap(Map<?, ?> map, String where) {
    LinkedHashMap<String, @Nullable Object> node = LinkedHashMap.newLinkedHashMap(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "cannot store the map given for "
                + where
                + ": its key "
                + e.getKey()
                + " is a "
                + (e.getKey() == null ? "null" : e.getKey().getClass().getName())
                + ", not a String. Session state maps have string keys.");
      }
      Object v = e.getValue();
      node.put(key, v instanceof Map<?, ?> nested ? importMap(nested, where) : v);
    }
    return node;
  }

  /** Returns a value safe to hand out: maps as immutable deep snapshots, others as they are. */
  private static @Nullable Object export(@Nullable Object value) {
    return value instanceof Map<?, ?> map ? exportMap(map) : value;
  }

  private static Map<String, @Nullable Object> exportMap(Map<?, ?> node) {
    LinkedHashMap<String, @Nullable Object> copy = LinkedHashMap.newLinkedHashMap(node.size());
    for (Map.Entry<?, ?> e : node.entrySet()) {
      copy.put((String) e.getKey(), export(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return "SessionState" + snapshot();
  }
}
