package dev.weft.bench.memory;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.bench.framework.Computed;
import dev.weft.bench.framework.Frameworks;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.lang.ref.Reference;

/**
 * Prints the bytes retained per node and per dependency edge, for Weft (through its public API,
 * and through the benchmark adapter) and for every peer (through its adapter, so including the
 * adapter's small wrapper and, for push libraries, the subscription objects that make a computed
 * value of them).
 *
 * <p>Method: {@value #N} nodes are created and kept reachable; the retained size is the
 * difference of the used heap after full collections ({@link HeapMeter}) before and after,
 * divided by the count. Values are one shared boxed {@code Integer}, so no value is counted.
 *
 * <ul>
 *   <li><b>signal</b>: a source signal;
 *   <li><b>derived</b>: a computed value reading one shared source, read once (so computed and
 *       linked), nothing observing it: includes its one dependency edge;
 *   <li><b>effect</b>: an effect reading one shared source: includes its edge (a subscribed one);
 *   <li><b>edge (derived)</b>: 1,000 computed values each reading 100 distinct sources, minus the
 *       same with 1 source, per extra edge;
 *   <li><b>edge (effect)</b>: the same with effects (subscribed edges).
 * </ul>
 *
 * <p>Usage: {@code java -XX:+UseSerialGC -cp benchmarks.jar dev.weft.bench.memory.MemoryFootprint
 * [framework...]}; prints a Markdown table.
 */
public final class MemoryFootprint {

  static final int N = 100_000;
  private static final int FAN_NODES = 1000;
  private static final int FAN_IN = 100;
  private static final Integer VALUE = 7;

  private MemoryFootprint() {}

  /** One row of the table, in bytes. */
  record Footprint(
      String library, double signal, double derived, double effect, double derivedEdge, double effectEdge) {}

  /**
   * Entry point.
   *
   * @param args framework names (default: weft natively, then every adapter)
   */
  public static void main(String... args) {
    List<String> names = args.length == 0 ? Frameworks.NAMES : List.of(args);
    List<Footprint> rows = new ArrayList<>();
    if (names.contains("weft")) {
      rows.add(weftNative());
    }
    for (String name : names) {
      try {
        rows.add(viaAdapter(name));
      } catch (RuntimeException e) {
        System.err.println(name + ": measurement failed: " + e);
      }
    }
    System.out.println(markdown(rows));
  }

  static String markdown(List<Footprint> rows) {
    StringBuilder md =
        new StringBuilder(
            "| library | signal | derived (1 edge) | effect (1 edge) | edge (derived) | edge (effect) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
    for (Footprint f : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
              f.library(),
              f.signal(),
              f.derived(),
              f.effect(),
              f.derivedEdge(),
              f.effectEdge()));
    }
    return md.toString();
  }

  /** Weft through Graph's API, without adapter wrappers. */
  static Footprint weftNative() {
    double signal;
    double derived;
    double effect;
    try (Graph graph = Graph.create()) {
      signal = perNode(i -> graph.signal(VALUE));
      Signal<Integer> shared = graph.signal(VALUE);
      derived =
          perNode(
              i -> {
                Derived<Integer> d = graph.derived(shared::get);
                d.get();
                return d;
              });
      effect = perNode(i -> graph.effect(shared::get));
    }
    double derivedEdge =
        edgeCost(
            fanIn -> {
              try (Graph graph = Graph.create()) {
                return readerBytes(
                    k -> graph.signal(VALUE),
                    reads -> {
                      Derived<Integer> d = graph.derived(() -> sum(reads));
                      d.get();
                      return d;
                    },
                    fanIn);
              }
            });
    double effectEdge =
        edgeCost(
            fanIn -> {
              try (Graph graph = Graph.create()) {
                return readerBytes(k -> graph.signal(VALUE), reads -> graph.effect(() -> sum(reads)), fanIn);
              }
            });
    return new Footprint("weft (API)", signal, derived, effect, derivedEdge, effectEdge);
  }

  /** A library through its benchmark adapter. */
  static Footprint viaAdapter(String name) {
    ReactiveFramework fw = Frameworks.create(name);
    double signal = perNode(i -> fw.signal(VALUE));
    Source<Integer> shared = fw.signal(VALUE);
    double derived =
        perNode(
            i -> {
              Computed<Integer> c = fw.computed(shared::read);
              c.read();
              return c;
            });
    fw.cleanup();
    double effect =
        perNode(
            i -> {
              fw.effect(shared::read);
              return Boolean.TRUE;
            });
    fw.cleanup();
    double derivedEdge =
        edgeCost(
            fanIn -> {
              ReactiveFramework f = Frameworks.create(name);
              try {
                return readerBytes(
                    k -> f.signal(VALUE),
                    reads -> {
                      Computed<Integer> c = f.computed(() -> sumSources(reads));
                      c.read();
                      return c;
                    },
                    fanIn);
              } finally {
                f.cleanup();
              }
            });
    double effectEdge =
        edgeCost(
            fanIn -> {
              ReactiveFramework f = Frameworks.create(name);
              try {
                return readerBytes(
                    k -> f.signal(VALUE),
                    reads -> {
                      f.effect(() -> sumSources(reads));
                      return Boolean.TRUE;
                    },
                    fanIn);
              } finally {
                f.cleanup();
              }
            });
    return new Footprint(name + " (adapter)", signal, derived, effect, derivedEdge, effectEdge);
  }

  /** Bytes per node for N nodes made by {@code make} (its results are kept reachable). */
  static double perNode(IntFunction<Object> make) {
    Object[] keep = new Object[N];
    long before = HeapMeter.usedAfterGc();
    for (int i = 0; i < N; i++) {
      keep[i] = make.apply(i);
    }
    long after = HeapMeter.usedAfterGc();
    Reference.reachabilityFence(keep);
    return (after - before) / (double) N;
  }

  /** Measures the readers of one fan-in graph. */
  @FunctionalInterface
  interface Fan {
    /**
     * Builds a fresh fan-in graph and measures its readers.
     *
     * @param fanIn sources per reader
     * @return bytes retained by the readers (sources excluded)
     */
    long readerBytes(int fanIn);
  }

  /** Bytes per extra edge: readers of {@value #FAN_IN} sources minus readers of one. */
  static double edgeCost(Fan fan) {
    long wide = fan.readerBytes(FAN_IN);
    long narrow = fan.readerBytes(1);
    return (wide - narrow) / ((double) FAN_NODES * (FAN_IN - 1));
  }

  /**
   * Creates {@value #FAN_NODES} groups of {@code fanIn} sources (not counted), then one reader
   * per group reading all of its group, and returns the heap the readers retain.
   */
  static <S> long readerBytes(IntFunction<S> source, Function<List<S>, Object> reader, int fanIn) {
    List<List<S>> groups = new ArrayList<>(FAN_NODES);
    for (int n = 0; n < FAN_NODES; n++) {
      List<S> group = new ArrayList<>(fanIn);
      for (int k = 0; k < fanIn; k++) {
        group.add(source.apply(k));
      }
      groups.add(group);
    }
    Object[] readers = new Object[FAN_NODES];
    long before = HeapMeter.usedAfterGc();
    for (int n = 0; n < FAN_NODES; n++) {
      readers[n] = reader.apply(groups.get(n));
    }
    long after = HeapMeter.usedAfterGc();
    Reference.reachabilityFence(groups);
    Reference.reachabilityFence(readers);
    return after - before;
  }

  private static int sum(List<? extends Signal<Integer>> reads) {
    int s = 0;
    for (Signal<Integer> r : reads) {
      s += r.get();
    }
    return s;
  }

  private static int sumSources(List<? extends Computed<Integer>> reads) {
    int s = 0;
    for (Computed<Integer> r : reads) {
      s += r.read();
    }
    return s;
  }

}
