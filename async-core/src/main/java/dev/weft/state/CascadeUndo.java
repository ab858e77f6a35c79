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
                    + " path(s) that another thread assigned since (its values stay)")
            + ".";
    MutationCycleException rolledBack = new MutationCycleException(message, cycle);
    for (Throwable t : effectErrors) {
      rolledBack.addSuppressed(t);
    }
    steps.clear();
    return rolledBack;
  }
}
