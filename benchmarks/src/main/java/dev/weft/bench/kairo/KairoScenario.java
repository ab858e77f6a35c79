package dev.weft.bench.kairo;

/**
 * A kairo graph built once; {@link #iter()} is one benchmark operation (the reference numbers
 * are per 500 of them). The checks of an iteration go to the {@code Checks} given at build time.
 */
@FunctionalInterface
public interface KairoScenario {

  /** Runs one iteration of writes and checks. */
  void iter();
}
