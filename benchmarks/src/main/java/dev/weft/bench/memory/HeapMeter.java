package dev.weft.bench.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures retained heap: used heap after full collections, repeated until two readings agree.
 * Run with {@code -XX:+UseSerialGC} (as {@code run.sh memory} does) so {@link System#gc()} is a
 * full, compacting, synchronous collection. Shared by the memory table and the limits heap table.
 */
public final class HeapMeter {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapMeter() {}

  /**
   * Returns the used heap after garbage collection has settled.
   *
   * @return bytes in use
   */
  public static long usedAfterGc() {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }
}
