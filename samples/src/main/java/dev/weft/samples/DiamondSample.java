package dev.weft.samples;

import dev.weft.Derived;
import dev.weft.Effect;
import dev.weft.Graph;
import dev.weft.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The diamond a -> (tens, next) -> effect: the effect never sees tens and next computed from different
 * values of a, even while four threads write at once. An equal recomputation stops propagation.
 */
public final class DiamondSample {
  private DiamondSample() {}

  public static void main(String[] args) throws InterruptedException {
    run();
  }

  static void run() throws InterruptedException {
    try (Graph graph = Graph.builder().name("diamond").build()) {
      Signal<Integer> a = graph.signal(1);
      Derived<Integer> tens = graph.derived(() -> a.get() * 10);
      Derived<Integer> next = graph.derived(() -> a.get() + 1);
      Derived<Boolean> odd = graph.derived(() -> a.get() % 2 != 0);

      Effect sum = graph.effect(() -> System.out.println(
          "  effect: tens=" + tens.get() + " next=" + next.get() + " (both from the same a)"));
      Effect parity = graph.effect(() -> System.out.println("  effect: odd=" + odd.get()));

      System.out.println("set a = 2: each effect runs once, after both branches settled");
      a.set(2);
      System.out.println("set a = 4: 'odd' recomputes to the same false, so its effect is cut off");
      a.set(4);
      sum.dispose();
      parity.dispose();

      // Four virtual threads now hammer 'a'; a quiet effect checks the invariant on every run.
      AtomicInteger runs = new AtomicInteger();
      AtomicInteger glitches = new AtomicInteger();
      graph.effect(() -> {
        runs.incrementAndGet();
        if (tens.get() / 10 + 1 != next.get()) {
          glitches.incrementAndGet(); // would mean tens and next came from different writes
        }
      });
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        writers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < 2_000; i++) {
            a.update(v -> v + 1); // atomic read-modify-write: no update is lost
          }
        }));
      }
      for (Thread w : writers) {
        w.join();
      }
      System.out.println("4 threads x 2,000 updates: a = " + a.get() + " (4 + 8,000: none lost), "
          + runs.get() + " effect runs, " + glitches.get() + " glitches");
    }
  }
}
