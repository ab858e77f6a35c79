package dev.weft.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An ordered log of assignments: {@code "+path" -> value} and {@code "-path" -> null}, keeping the last
 * assignment per path in the order of those last assignments.
 *
 * <p>Every entry carries a sequence number (its place in the order), so that a record can be taken back
 * ({@link #takeBack}) and the entry it replaced put back at its old place: the log then reads as if the
 * record had never been made.
 *
 * <p>Threads: not thread-safe; every instance is guarded by the lock of the {@link LocalSessionState}
 * that writes it (its own log, and the per-dispatch logs of {@link EventRuntime} runs on it).
 */
final class MutationLog {

  /** One entry: {@code key} is {@code "+path"} or {@code "-path"}. */
  record Entry(String key, @Nullable Object value, long seq) {}

  /**
   * What one record did, to take it back.
   *
   * @param path the path recorded
   * @param seq the sequence number of the record
   * @param replaced the entry of the same path it replaced, or null
   */
  record Record(String path, long seq, @Nullable Entry replaced) {}

  private final TreeMap<Long, Entry> bySeq = new TreeMap<>();
  private final HashMap<String, Entry> byPath = new HashMap<>();
  private long nextSeq;
  /** Entries with a smaller sequence number were handed out by {@link #drain}. */
  private long drainedBelow;

  Record recordSet(String path, @Nullable Object value) {
    return record(path, "+" + path, value);
  }

  Record recordRemove(String path) {
    return record(path, "-" + path, null);
  }

  private Record record(String path, String key, @Nullable Object value) {
    Entry entry = new Entry(key, value, nextSeq++);
    Entry replaced = byPath.put(path, entry);
    if (replaced != null) {
      bySeq.remove(replaced.seq()); // the path moves to the end, after what it overwrote
    }
    bySeq.put(entry.seq(), entry);
    return new Record(path, entry.seq(), replaced);
  }

  /**
   * Takes back {@code record}: removes it if it is still the path's entry, and puts back the entry it
   * replaced, at its old place, unless that one was drained meanwhile. A record overwritten by a later
   * one (which is taken back first, or stays) or drained is left alone. Taking back the records of one
   * writer in reverse order restores the log as if that writer had made none, keeping everybody
   * else's records.
   */
  void takeBack(Record record) {
    Entry current = byPath.get(record.path());
    if (current == null || current.seq() != record.seq()) {
      return;
    }
    bySeq.remove(record.seq());
    byPath.remove(record.path());
    Entry replaced = record.replaced();
    if (replaced != null && replaced.seq() >= drainedBelow) {
      byPath.put(record.path(), replaced);
      bySeq.put(replaced.seq(), replaced);
    }
  }

  Map<String, @Nullable Object> copy() {
    if (bySeq.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<String, @Nullable Object> out = LinkedHashMap.newLinkedHashMap(bySeq.size());
    for (Entry e : bySeq.values()) {
      out.put(e.key(), e.value());
    }
    return Collections.unmodifiableMap(out);
  }

  Map<String, @Nullable Object> drain() {
    Map<String, @Nullable Object> out = copy();
    bySeq.clear();
    byPath.clear();
    drainedBelow = nextSeq;
    return out;
  }
}
