package dev.weft.bench.limits;

import dev.weft.AsyncDerived;
import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.bench.memory.HeapMeter;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Retained heap of each of issue 10's limits, as a Markdown table: used heap after full collections
 * with the structure reachable and after dropping it, on Serial GC ({@code run.sh limits}
 * passes {@code -XX:+UseSerialGC}, so {@code System.gc()} is a full, compacting, synchronous
 * collection). Each figure is built twice and the second measured, so class loading and JIT data of
 * the first build are not counted.
 */
public final class LimitsHeap {
  private LimitsHeap() {}

  /**
   * Bytes retained by what {@code build} returns (and its graph): used heap while it is reachable
   * minus used heap once it is dropped, so garbage left by earlier figures cancels out. Built twice,
   * the second build measured, so class loading and JIT data of the first are not counted.
   */
  static long retained(Supplier<Object> build) {
    build.get();
    Object kept = build.get();
    long with = HeapMeter.usedAfterGc();
    Reference.reachabilityFence(kept);
    kept = null;
    long without = HeapMeter.usedAfterGc();
    return with - without;
  }

  public static void main(String[] args) {
    record Row(String what, int count, long bytes) {}
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("signals in one graph", LimitsBenchmark.SIGNALS, retained(() -> {
      Graph g = Graph.create();
      List<Signal<Integer>> signals = new ArrayList<>(LimitsBenchmark.SIGNALS);
      for (int i = 0; i < LimitsBenchmark.SIGNALS; i++) {
        signals.add(g.signal(i));
      }
      return signals;
    })));
    rows.add(new Row("effects on one signal (fan-out)", LimitsBenchmark.EFFECTS, retained(() -> {
      Graph g = Graph.create();
      Signal<Integer> s = g.signal(0);
      for (int i = 0; i < LimitsBenchmark.EFFECTS; i++) {
        g.effect(s::get);
      }
      return g;
    })));
    rows.add(new Row("derived values in one chain (computed)", LimitsBenchmark.CHAIN, retained(() -> {
      Graph g = Graph.create();
      Derived<Integer> end = LimitsBenchmark.chain(g, g.signal(0));
      end.get();
      return end;
    })));
    rows.add(new Row("async derived values (computed, idle)", LimitsBenchmark.ASYNC, retained(() -> {
      Graph g = Graph.create();
      Signal<Integer> s = g.signal(0);
      List<AsyncDerived<Integer>> nodes = new ArrayList<>(LimitsBenchmark.ASYNC);
      for (int k = 0; k < LimitsBenchmark.ASYNC; k++) {
        int offset = k;
        nodes.add(g.asyncDerived(() -> s.get() + offset));
      }
      LimitsBenchmark.awaitAll(nodes, 0);
      return nodes;
    })));
    System.out.println("| structure | count | retained heap | per node |");
    System.out.println("|---|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "| %s | %,d | %.1f MB | %d B |%n", r.what(), r.count(), r.bytes() / 1e6,
          r.bytes() / r.count());
    }
  }
}
