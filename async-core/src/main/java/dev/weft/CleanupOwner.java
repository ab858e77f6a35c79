package dev.weft;

/** An effect (sync or async) that accepts cleanups from {@code onCleanup} while its body runs. */
interface CleanupOwner {
  /** Registers {@code cleanup} to run before the next run and on dispose. */
  void addCleanup(Runnable cleanup);
}
