package dev.weft.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The undo log of one outermost {@code set}/{@code remove} (depth 0 of {@link
 * LocalSessionState#CASCADE_DEPTH}) and of every assignment its mutation handlers cascade into, on any
 * session. When a {@link MutationCycleException} reaches the outermost call, {@link #rollBack} undoes
 * all of them, newest first; when the call ends any other way, the log is dropped.
 *
 * <p>Threads: confined to the assigning thread. The outermost call creates it and hands it to its
 * handlers in the {@link LocalSessionState#CASCADE_UNDO} scoped value (bound next to {@code
 * CASCADE_DEPTH}, so a handler that hands work to another thread does not carry it along); nested
 * assignments on that thread append to it, each {@link Step} built under the lock of the session it
 * describes; only that thread rolls it back. So the list itself needs no lock; what a step restores is
 * written under its session's lock.
 */
final class CascadeUndo {

  /**
   * One assignment made by the cascade, with what it replaced.
   *
   * @param owner the session assigned
   * @param path the path assigned
   * @param removal true for a {@code remove}
   * @param hadPrevious whether {@code path} held a value (possibly null) before
   * @param previous the value it held (the detached tree node for a map), or null
   * @param stored what the assignment stored (compared by identity when undoing); null for a removal
   * @param createdFrom index of the first key of {@code path} whose map the assignment created on the
   *     way, or -1
   * @param createdNode the map it created at that key, or null
   * @param logRecord the record in the session's log
   * @param runLog the log of the {@link EventRuntime} run that made the assignment, or null
   * @param runRecord the record in {@code runLog}, or null
   */
  record Step(
      LocalSessionState owner,
      StatePath path,
      boolean removal,
      boolean hadPrevious,
      @Nullable Object previous,
      @Nullable Object stored,
      int createdFrom,
      @Nullable Map<String, @Nullable Object> createdNode,
      MutationLog.Record logRecord,
      @Nullable MutationLog runLog,
      MutationLog.@Nullable Record runRecord) {}

  private final ArrayList<Step> steps = new ArrayList<>();

  void add(Step step) {
    steps.add(step);
  }

  /**
   * Undoes every step, newest first, one session at a time (a run of consecutive steps on one session
   * is restored under one lock and one batch), and returns the exception to throw instead of {@code
   * cycle}: its message adds what was undone, its cause is {@code cycle}, and errors of effects rerun
   * by the restore are suppressed in it.
   *
   * @param what the outermost call, e.g. {@code set 'ping'}
   */
  MutationCycleException rollBack(MutationCycleException cycle, String what) {
    List<Throwable> effectErrors = new ArrayList<>(0);
    int kept = 0;
    int end = steps.size();
    while (end > 0) {
      LocalSessionState owner = steps.get(end - 1).owner();
      int start = end - 1;
      while (start > 0 && steps.get(start - 1).owner() == owner) {
        start--;
      }
      kept += owner.undo(steps.subList(start, end).reversed(), effectErrors::add);
      end = start;
    }
    String message =
        cycle.getMessage()
            + " Nothing was kept: the "
            + steps.size()
            + " assignment(s) made by the cascade of "
            + what
            + " were undone"
            + (kept == 0
                ? ""
                : ", except on "
                    + kept
                    + " path(s) that another thread assigned since (their values stay)")
            + ".";
    MutationCycleException rolledBack = new MutationCycleException(message, cycle);
    for (Throwable t : effectErrors) {
      rolledBack.addSuppressed(t);
    }
    steps.clear();
    return rolledBack;
  }

  // ---------------------------------------------------------------- the session tree

  /**
   * Puts back what {@code s} replaced, if the path still holds what {@code s} left there (by identity;
   * for a removal: nothing); returns false if another thread assigned the path since. Caller holds
   * the lock of the session whose tree is {@code root}.
   */
  static boolean restoreValue(Map<String, @Nullable Object> root, Step s) {
    StatePath p = s.path();
    Map<String, @Nullable Object> parent = nodeAt(root, p, p.size() - 1);
    boolean present = parent != null && parent.containsKey(p.last());
    boolean ours = s.removal() ? !present : present && parent.get(p.last()) == s.stored();
    if (!ours) {
      return false;
    }
    if (s.hadPrevious()) {
      if (parent == null) {
        return false; // another thread removed a map on the way since
      }
      parent.put(p.last(), s.previous()); // detached when replaced and never written since
    } else if (present) {
      parent.remove(p.last());
    }
    Map<String, @Nullable Object> created = s.createdNode();
    if (created != null) {
      Map<String, @Nullable Object> holder = nodeAt(root, p, s.createdFrom());
      String key = p.key(s.createdFrom());
      if (holder != null && holder.get(key) == created && holdsNoValue(created)) {
        holder.remove(key);
      }
    }
    return true;
  }

  private static boolean holdsNoValue(Map<?, ?> node) {
    for (Object v : node.values()) {
      if (!(v instanceof Map<?, ?> nested) || !holdsNoValue(nested)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the index of the first key above the last of {@code p} that an assignment of {@code p}
   * creates a map for (missing or null), or -1. Caller holds the session's lock.
   */
  static int firstMissingParent(Map<String, @Nullable Object> root, StatePath p) {
    Map<?, ?> current = root;
    for (int i = 0; i < p.size() - 1; i++) {
      Object child = current.get(p.key(i));
      if (child == null) {
        return i;
      }
      if (!(child instanceof Map<?, ?> node)) {
        return -1; // parentOf will refuse
      }
      current = node;
    }
    return -1;
  }

  /**
   * Returns the map reached from {@code root} through the first {@code keys} keys of {@code p}, or null.
   * Caller holds the session's lock.
   */
  static @Nullable Map<String, @Nullable Object> nodeAt(
      Map<String, @Nullable Object> root, StatePath p, int keys) {
    Map<String, @Nullable Object> current = root;
    for (int i = 0; i < keys; i++) {
      current = childMap(current, p.key(i));
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static @Nullable Map<String, @Nullable Object> childMap(Map<String, @Nullable Object> node, String key) {
    return node.get(key) instanceof Map<?, ?> child ? (Map<String, @Nullable Object>) child : null;
  }
}
