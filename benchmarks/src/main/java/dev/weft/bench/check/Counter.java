package dev.weft.bench.check;

/**
 * A mutable run counter, as the js-reactivity-benchmark's {@code Counter}: effects and computed
 * functions increment it so scenarios can check how often they ran.
 *
 * <p>Threading: confined to the thread running the scenario.
 */
public final class Counter {

  /** The count; scenarios reset and read it directly. */
  public int count;
}
