package dev.weft.samples;

import dev.weft.Graph;
import dev.weft.Signal;

/**
 * Each {@link Graph} is its own consistency domain with its own lock: a computation of one graph never
 * subscribes to another graph's values, and closing one graph leaves the others running.
 */
public final class IsolationSample {
  private IsolationSample() {}

  public static void main(String[] args) {
    run();
  }

  static void run() {
    try (Graph orders = Graph.builder().name("orders").build();
        Graph metrics = Graph.builder().name("metrics").build()) {
      Signal<Integer> placed = orders.signal(0);
      Signal<Integer> seen = metrics.signal(0);
      Signal<String> region = metrics.signal("eu");

      // An effect of 'orders' writes into 'metrics': the write is applied once the orders lock is
      // released, so the two graphs never hold each other's locks.
      orders.effect(() -> {
        int count = placed.get();
        String where = region.get(); // another graph's value: read, but NOT a dependency
        System.out.println("  orders effect: placed=" + count + " (region " + where + ")");
        seen.set(count);
      });
      metrics.effect(() -> System.out.println("  metrics effect: seen=" + seen.get()));

      System.out.println("placed = 1: the orders effect runs and feeds the metrics graph");
      placed.set(1);
      System.out.println("region = us: a metrics signal, so nothing in 'orders' reruns");
      region.set("us");
      System.out.println("  (no output: nothing reran)");

      System.out.println("close 'orders': its effects are disposed, 'metrics' keeps working");
      orders.close();
      seen.set(42);
      try {
        orders.signal(0);
      } catch (IllegalStateException e) {
        System.out.println("  a closed graph refuses new nodes: " + e.getMessage());
      }
    }
  }
}
