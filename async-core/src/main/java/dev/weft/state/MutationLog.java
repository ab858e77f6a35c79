package dev.weft.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ordered log of assignments: {@code "+path" -> value} and {@code "-path" -> null}, keeping the last
 * assignment per path in the order of those last assignments.
 *
 * <p>Threads: not thread-safe; every instance is guarded by the lock of the {@link LocalSessionState}
 * that writes it (its own log, and the per-dispatch logs of {@link EventRuntime} runs on it).
 */
final class MutationLog {
  private final LinkedHashMap<String, @Nullable Object> entries = new LinkedHashMap<>();

  void recordSet(String path, @Nullable Object value) {
    entries.remove("-" + path);
    entries.remove("+" + path); // re-insert: the entry moves to the end, after what it overwrote
    entries.put("+" + path, value);
  }

  void recordRemove(String path) {
    entries.remove("+" + path);
    entries.remove("-" + path);
    entries.put("-" + path, null);
  }

  Map<String, @Nullable Object> copy() {
    return entries.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  Map<String, @Nullable Object> drain() {
    Map<String, @Nullable Object> out = copy();
    entries.clear();
    return out;
  }
}
