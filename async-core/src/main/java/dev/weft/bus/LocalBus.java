package dev.weft.bus;

/** Placeholder until the local bus lands (issue 5, in progress on branch bus). */
final class LocalBus {
  private LocalBus() {}

  static ReactiveBus create(ReactiveBus.Builder builder) {
    throw new UnsupportedOperationException("the local bus is being implemented (issue 5)");
  }
}
