package dev.weft;

import java.util.Objects;

/**
 * Decides whether a new value equals the current one; an equal write or recomputation notifies nobody.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Equality<T> {

  /** Returns whether {@code a} and {@code b} count as the same value. */
  boolean equal(T a, T b);

  /** {@link Objects#equals}: the default of every signal and derived value. */
  @SuppressWarnings("unchecked")
  static <T> Equality<T> equals() {
    return (Equality<T>) Equalities.EQUALS;
  }

  /** Reference identity ({@code ==}). */
  @SuppressWarnings("unchecked")
  static <T> Equality<T> identity() {
    return (Equality<T>) Equalities.IDENTITY;
  }

  /** Never equal: every write notifies. */
  @SuppressWarnings("unchecked")
  static <T> Equality<T> never() {
    return (Equality<T>) Equalities.NEVER;
  }
}
