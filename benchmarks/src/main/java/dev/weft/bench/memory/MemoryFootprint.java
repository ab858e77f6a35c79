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
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;

/**
 * Prints the bytes retained per node and per dependency edge, for Weft (through its public API,
 * and through the benchmark adapter) and for every peer (through its adapter, so including the
 * adapter's small wrapper and, for push libraries, the subscription objects that make a computed
 * value of them).
 *
 * <p>Method: {@value #N} nodes are created and kept reachable; the retained size is the
 * difference of the used heap after full collections ({@link HeapMeter}) before and after,
 * divided by the count. Values are one shared boxed {@code Integer}, so no value is counted. Each
 * figure (and each of the two fan-in graphs of an edge figure) is measured in a fresh JVM (this
 * class starts one per figure, with its own JVM flags), after a small warm-up of the same kind,
 * so class initialization, JIT state and whatever one measurement leaves behind never leak into
 * another (measured in one JVM, the second fan-in graph's reading was off by megabytes).
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
 * [library...]} (libraries: {@code weft-api} and the adapter names; default all); prints a
 * Markdown table.
 */
public final class MemoryFootprint {

  static final int N = 100_000;
  private static final int FAN_NODES = 1000;
  private static final int FAN_IN = 100;
  private static final Integer VALUE = 7;
  /** What one child JVM measures: bytes per node, or the bytes of one fan-in graph's readers. */
  private static final List<String> METRICS =
      List.of("signal", "derived", "effect", "derivedFan1", "derivedFan100", "effectFan1", "effectFan100");

  private MemoryFootprint() {}

  /**
   * Entry point: {@code --one <library> <metric>} measures one figure in this JVM and prints it;
   * otherwise one child JVM per figure builds the table.
   *
   * @param args library names, or {@code --one library metric}
   * @throws IOException when a child JVM cannot be started
   * @throws InterruptedException when interrupted while waiting for one
   */
  public static void main(String... args) throws IOException, InterruptedException {
    if (args.length == 3 && args[0].equals("--one")) {
      measure(args[1], args[2], N / 100); // warm-up: classes, static state, JIT
      System.out.println(String.format(Locale.ROOT, "%.1f", measure(args[1], args[2], 1)));
      return;
    }
    List<String> libraries = new ArrayList<>();
    if (args.length == 0) {
      libraries.add("weft-api");
      libraries.addAll(Frameworks.NAMES);
    } else {
      libraries.addAll(List.of(args));
    }
    StringBuilder md =
        new StringBuilder(
            "| library | signal | derived (1 edge) | effect (1 edge) | edge (derived) | edge (effect) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
    for (String library : libraries) {
      md.append("| ").append(library.equals("weft-api") ? "weft (API)" : library + " (adapter)");
      for (String metric : List.of("signal", "derived", "effect")) {
        md.append(" | ").append(format(child(library, metric)));
      }
      for (String kind : List.of("derived", "effect")) {
        double wide = child(library, kind + "Fan" + FAN_IN);
        double narrow = child(library, kind + "Fan1");
        md.append(" | ").append(format((wide - narrow) / ((double) FAN_NODES * (FAN_IN - 1))));
      }
      md.append(" |\n");
    }
    System.out.print(md);
  }

  private static String format(double bytes) {
    return Double.isNaN(bytes) ? "error" : String.valueOf(Math.round(bytes));
  }

  /** Runs one figure in a child JVM with this JVM's flags; returns it, NaN on failure. */
  private static double child(String library, String metric) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MemoryFootprint.class.getName());
    command.add("--one");
    command.add(library);
    command.add(metric);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int exit = process.waitFor();
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    if (exit != 0 || !last.matches("-?[0-9.]+")) {
      System.err.println(library + " " + metric + " failed (exit " + exit + "):\n" + out);
      return Double.NaN;
    }
    return Double.parseDouble(last);
  }

  /**
   * Measures one figure.
   *
   * @param library {@code weft-api} or an adapter name
   * @param metric one of {@link #METRICS}
   * @param scale 1 for the real measurement, N/100 for a warm-up with fewer nodes
   * @return bytes per node, or bytes of a fan-in graph's readers
   */
  static double measure(String library, String metric, int scale) {
    int nodes = N / scale;
    int fanNodes = Math.max(10, FAN_NODES / scale);
    // a warm-up measures a smaller graph of the same kind
    if (library.equals("weft-api")) {
      return weftNative(metric, nodes, fanNodes);
    }
    return viaAdapter(library, metric, nodes, fanNodes);
  }

  static double weftNative(String metric, int nodes, int fanNodes) {
    return switch (metric) {
      case "signal" -> {
        try (Graph graph = Graph.create()) {
          yield perNode(() -> {}, graph, nodes, i -> graph.signal(VALUE));
        }
      }
      case "derived" -> {
        try (Graph graph = Graph.create()) {
          Signal<Integer> shared = graph.signal(VALUE);
          yield perNode(
              () -> {},
              shared,
              nodes,
              i -> {
                Derived<Integer> d = graph.derived(shared::get);
                d.get();
                return d;
              });
        }
      }
      case "effect" -> {
        try (Graph graph = Graph.create()) {
          Signal<Integer> shared = graph.signal(VALUE);
          yield perNode(() -> {}, shared, nodes, i -> graph.effect(shared::get));
        }
      }
      case "derivedFan1", "derivedFan100" -> {
        try (Graph graph = Graph.create()) {
          yield readerBytes(
              () -> {},
              fanNodes,
              k -> graph.signal(VALUE),
              reads -> {
                Derived<Integer> d = graph.derived(() -> sum(reads));
                d.get();
                return d;
              },
              fanIn(metric));
        }
      }
      case "effectFan1", "effectFan100" -> {
        try (Graph graph = Graph.create()) {
          yield readerBytes(
              () -> {},
              fanNodes,
              k -> graph.signal(VALUE),
              reads -> graph.effect(() -> sum(reads)),
              fanIn(metric));
        }
      }
      default -> throw new IllegalArgumentException("unknown metric '" + metric + "': use " + METRICS);
    };
  }

  static double viaAdapter(String name, String metric, int nodes, int fanNodes) {
    ReactiveFramework fw = Frameworks.create(name);
    try {
      return switch (metric) {
        case "signal" -> perNode(settle(fw), fw, nodes, i -> fw.signal(VALUE));
        case "derived" -> {
          Source<Integer> shared = fw.signal(VALUE);
          yield perNode(
              settle(fw),
              shared,
              nodes,
              i -> {
                Computed<Integer> c = fw.computed(shared::read);
                c.read();
                return c;
              });
        }
        case "effect" -> {
          Source<Integer> shared = fw.signal(VALUE);
          yield perNode(
              settle(fw),
              new Object[] {shared, fw},
              nodes,
              i -> {
                fw.effect(shared::read);
                return Boolean.TRUE;
              });
        }
        case "derivedFan1", "derivedFan100" ->
            readerBytes(
                settle(fw),
                fanNodes,
                k -> fw.signal(VALUE),
                reads -> {
                  Computed<Integer> c = fw.computed(() -> sumSources(reads));
                  c.read();
                  return c;
                },
                fanIn(metric));
        case "effectFan1", "effectFan100" ->
            readerBytes(
                settle(fw),
                fanNodes,
                k -> fw.signal(VALUE),
                reads -> {
                  fw.effect(() -> sumSources(reads));
                  return Boolean.TRUE;
                },
                fanIn(metric));
        default -> throw new IllegalArgumentException("unknown metric '" + metric + "': use " + METRICS);
      };
    } finally {
      fw.cleanup();
    }
  }

  /**
   * Lets a library finish pending internal work before a heap reading (Compose applies its global
   * snapshot, releasing the records of states it no longer needs).
   */
  private static Runnable settle(ReactiveFramework fw) {
    return () -> fw.withBatch(() -> {});
  }

  /**
   * Bytes per node for N nodes made by {@code make}. The nodes, and {@code context} (the shared
   * source, the library that holds effects), stay reachable until the second reading: without
   * the fences the JIT may consider them dead and the collector frees them first.
   */
  static double perNode(Runnable settle, Object context, int nodes, IntFunction<Object> make) {
    Object[] keep = new Object[nodes];
    settle.run();
    long before = HeapMeter.usedAfterGc();
    for (int i = 0; i < nodes; i++) {
      keep[i] = make.apply(i);
    }
    settle.run();
    long after = HeapMeter.usedAfterGc();
    Reference.reachabilityFence(keep);
    Reference.reachabilityFence(context);
    Reference.reachabilityFence(make);
    return (after - before) / (double) nodes;
  }

  private static int fanIn(String metric) {
    return metric.endsWith("Fan1") ? 1 : FAN_IN;
  }

  /**
   * Creates {@value #FAN_NODES} groups of {@code fanIn} sources (not counted), then one reader
   * per group reading all of its group, and returns the heap the readers retain.
   */
  static <S> long readerBytes(
      Runnable settle,
      int fanNodes,
      IntFunction<S> source,
      Function<List<S>, Object> reader,
      int fanIn) {
    List<List<S>> groups = new ArrayList<>(fanNodes);
    for (int n = 0; n < fanNodes; n++) {
      List<S> group = new ArrayList<>(fanIn);
      for (int k = 0; k < fanIn; k++) {
        group.add(source.apply(k));
      }
      groups.add(group);
    }
    Object[] readers = new Object[fanNodes];
    settle.run();
    long before = HeapMeter.usedAfterGc();
    for (int n = 0; n < fanNodes; n++) {
      readers[n] = reader.apply(groups.get(n));
    }
    settle.run();
    long after = HeapMeter.usedAfterGc();
    Reference.reachabilityFence(groups);
    Reference.reachabilityFence(readers);
    Reference.reachabilityFence(reader);
    Reference.reachabilityFence(source);
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
