package dev.weft;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The cleanups registered by one run of an effect, run in registration order before the next run and
 * on dispose. Stored as a single Runnable or a list so that effects without cleanups pay one null
 * field. Not thread-safe: the owner guards it (graph lock or its single run thread).
 */
final class Cleanups {
  private Cleanups() {}

  /** Returns the holder with {@code cleanup} added. */
  @SuppressWarnings("unchecked")
  static Object add(@Nullable Object holder, Runnable cleanup) {
    if (holder == null) {
      return cleanup;
    }
    if (holder instanceof Runnable single) {
      List<Runnable> list = new ArrayList<>(4);
      list.add(single);
      list.add(cleanup);
      return list;
    }
    ((List<Runnable>) holder).add(cleanup);
    return holder;
  }

  /** Returns a holder with the cleanups of {@code first}, then those of {@code then}. */
  @SuppressWarnings("unchecked")
  static @Nullable Object concat(@Nullable Object first, @Nullable Object then) {
    if (first == null) {
      return then;
    }
    if (then == null) {
      return first;
    }
    Object out = first instanceof Runnable single ? add(null, single) : new ArrayList<>((List<Runnable>) first);
    if (then instanceof Runnable single) {
      return add(out, single);
    }
    for (Runnable r : (List<Runnable>) then) {
      out = add(out, r);
    }
    return out;
  }

  /** Runs every cleanup in {@code holder}; returns the first error (others suppressed) or null. */
  @SuppressWarnings("unchecked")
  static @Nullable Throwable run(@Nullable Object holder) {
    if (holder == null) {
      return null;
    }
    if (holder instanceof Runnable single) {
      return runOne(single, null);
    }
    Throwable first = null;
    for (Runnable r : (List<Runnable>) holder) {
      first = runOne(r, first);
    }
    return first;
  }

  private static @Nullable Throwable runOne(Runnable r, @Nullable Throwable first) {
    try {
      r.run();
      return first;
    } catch (Throwable t) {
      Failure.rethrowIfFatal(t);
      return Failure.add(first, t);
    }
  }
}
