package dev.weft.bench.dynamic;

import dev.weft.bench.check.Checks;
import dev.weft.bench.check.Counter;
import dev.weft.bench.framework.Computed;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dynamic dependency graph of the js-reactivity-benchmark ({@code dependencyGraph.ts}), built
 * once and run many times. Values are {@code double}s, like JavaScript numbers (the 3-5x500
 * graph reaches 1e241), and the dynamic nodes' {@code sum & 1} uses JavaScript's ToInt32.
 */
public final class DynamicGraph {

  private final ReactiveFramework fw;
  private final DynamicConfig config;
  private final List<Source<Double>> sources;
  private final List<Computed<Double>> readLeaves;
  private final Counter counter;

  private DynamicGraph(
      ReactiveFramework fw,
      DynamicConfig config,
      List<Source<Double>> sources,
      List<Computed<Double>> readLeaves,
      Counter counter) {
    this.fw = fw;
    this.config = config;
    this.sources = sources;
    this.readLeaves = readLeaves;
    this.counter = counter;
  }

  /**
   * Builds the graph, with one effect reading every remaining leaf.
   *
   * @param fw the library under test
   * @param config the graph shape
   * @return the graph
   */
  public static DynamicGraph build(ReactiveFramework fw, DynamicConfig config) {
    Objects.requireNonNull(fw, "fw");
    Objects.requireNonNull(config, "config");
    return fw.withBuild(
        () -> {
          List<Source<Double>> sources = new ArrayList<>(config.width());
          for (int i = 0; i < config.width(); i++) {
            sources.add(fw.signal((double) i));
          }
          Counter counter = new Counter();
          PseudoRandom random = PseudoRandom.create();
          List<? extends Computed<Double>> row = sources;
          for (int l = 0; l < config.totalLayers() - 1; l++) {
            row = makeRow(fw, row, counter, config, random);
          }
          PseudoRandom removal = PseudoRandom.create();
          int skipCount = (int) Math.round(row.size() * (1 - config.readFraction()));
          List<Computed<Double>> readLeaves = removeElems(row, skipCount, removal);
          fw.effect(
              () -> {
                for (Computed<Double> leaf : readLeaves) {
                  leaf.read();
                }
              });
          return new DynamicGraph(fw, config, sources, readLeaves, counter);
        });
  }

  private static List<Computed<Double>> makeRow(
      ReactiveFramework fw,
      List<? extends Computed<Double>> previous,
      Counter counter,
      DynamicConfig config,
      PseudoRandom random) {
    int n = previous.size();
    List<Computed<Double>> row = new ArrayList<>(n);
    for (int myDex = 0; myDex < n; myDex++) {
      @SuppressWarnings("unchecked")
      Computed<Double>[] mySources = (Computed<Double>[]) new Computed<?>[config.nSources()];
      for (int k = 0; k < mySources.length; k++) {
        mySources[k] = previous.get((myDex + k) % n);
      }
      boolean staticNode = random.next() < config.staticFraction();
      if (staticNode) {
        row.add(
            fw.computed(
                () -> {
                  counter.count++;
                  double sum = 0;
                  for (Computed<Double> src : mySources) {
                    sum += src.read();
                  }
                  return sum;
                }));
      } else {
        Computed<Double> first = mySources[0];
        Computed<Double>[] tail = Arrays.copyOfRange(mySources, 1, mySources.length);
        row.add(
            fw.computed(
                () -> {
                  counter.count++;
                  double sum = first.read();
                  boolean shouldDrop = (toInt32(sum) & 1) != 0;
                  double dropDex = sum % tail.length;
                  for (int i = 0; i < tail.length; i++) {
                    if (shouldDrop && i == dropDex) {
                      continue;
                    }
                    sum += tail[i].read();
                  }
                  return sum;
                }));
      }
    }
    return row;
  }

  private static List<Computed<Double>> removeElems(
      List<? extends Computed<Double>> src, int rmCount, PseudoRandom random) {
    List<Computed<Double>> copy = new ArrayList<>(src);
    for (int i = 0; i < rmCount; i++) {
      int rmDex = (int) Math.floor(random.next() * copy.size());
      copy.remove(rmDex);
    }
    return copy;
  }

  /**
   * JavaScript's ToInt32 (what {@code x & 1} does to a number): truncate, wrap modulo 2^32.
   *
   * @param value a finite or non-finite double
   * @return the 32-bit integer JavaScript would use
   */
  static int toInt32(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return 0;
    }
    // exact: the remainder of an integer-valued double by 2^32 is representable
    return (int) (long) (Math.floor(Math.abs(value)) * Math.signum(value) % 4294967296.0);
  }

  /**
   * One run: {@code iterations} batched writes, each followed by a read of every remaining leaf,
   * then the sum of the leaves. The computed-run counter is reset first.
   *
   * @return the leaf sum
   */
  public double run() {
    counter.count = 0;
    int width = sources.size();
    for (int i = 0; i < config.iterations(); i++) {
      int sourceDex = i % width;
      double value = i + sourceDex;
      fw.withBatch(() -> sources.get(sourceDex).write(value));
      for (Computed<Double> leaf : readLeaves) {
        leaf.read();
      }
    }
    double sum = 0;
    for (Computed<Double> leaf : readLeaves) {
      sum = leaf.read() + sum;
    }
    return sum;
  }

  /**
   * Returns how many computed functions ran during the last {@link #run()}.
   *
   * @return the count
   */
  public long computedRuns() {
    return counter.count;
  }

  /**
   * Checks the last run's results: the sum always, the count when every leaf is read or the
   * library is lazy (as the original's {@code verifyBenchResult} does).
   *
   * @param sum the sum {@link #run()} returned
   * @param checks where failures go
   */
  public void verify(double sum, Checks checks) {
    checks.expect(config.title() + " sum", config.expectedSum(), sum);
    if (config.readFraction() == 1 || fw.pullComputeds()) {
      checks.expect(config.title() + " computed runs", config.expectedCount(), counter.count);
    }
  }
}
