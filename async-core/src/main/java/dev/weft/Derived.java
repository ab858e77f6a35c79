package dev.weft;

/**
 * A value computed from other reactive values: lazy (computed when read), cached, and recomputed only
 * when a source it read in its last run changed.
 *
 * @param <T> the value type
 */
public interface Derived<T> extends ReadableSignal<T> {

  /** Marks this value stale: the next read recomputes it, and its dependents rerun if it changed. */
  void invalidate();
}
