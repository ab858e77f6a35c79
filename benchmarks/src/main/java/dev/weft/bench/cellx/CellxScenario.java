package dev.weft.bench.cellx;

import dev.weft.bench.check.Checks;
import dev.weft.bench.framework.Computed;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.Source;
import java.util.Arrays;
import java.util.Objects;

/**
 * The cellx benchmark (from cellx's perf page, as ported by the js-reactivity-benchmark): four
 * sources and {@code layers} layers of four computed cells, each with an effect; built fresh for
 * every measurement. The timed update reads the four end cells, batch-writes the sources
 * (4, 3, 2, 1) and reads the end cells again.
 *
 * <p>The expected end values follow from the cell rules alone ({@link #expectedEnd}); for 1000 and
 * 2500 layers they are the original's [−3, −6, −2, 2] before and [−2, −4, 2, 3] after.
 */
public final class CellxScenario {

  private static final int[] START = {1, 2, 3, 4};
  private static final int[] UPDATE = {4, 3, 2, 1};

  private final ReactiveFramework fw;
  private final int layers;
  private final Checks checks;
  private final Source<Integer>[] start;
  private final Computed<Integer>[] end;
  private final int[] before = new int[4];
  private final int[] after = new int[4];
  private final int[] expectedBefore;
  private final int[] expectedAfter;

  private CellxScenario(
      ReactiveFramework fw,
      int layers,
      Checks checks,
      Source<Integer>[] start,
      Computed<Integer>[] end) {
    this.fw = fw;
    this.layers = layers;
    this.checks = checks;
    this.start = start;
    this.end = end;
    this.expectedBefore = expectedEnd(layers, START);
    this.expectedAfter = expectedEnd(layers, UPDATE);
  }

  /**
   * Builds the cell graph (untimed in the benchmark).
   *
   * @param fw the library under test
   * @param layers the number of layers, 1000 or 2500 in the benchmark
   * @param checks where {@link #verify()} records failed expectations
   * @return the graph, ready for one {@link #update()}
   */
  @SuppressWarnings("unchecked")
  public static CellxScenario build(ReactiveFramework fw, int layers, Checks checks) {
    Objects.requireNonNull(fw, "fw");
    Objects.requireNonNull(checks, "checks");
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, was " + layers);
    }
    return fw.withBuild(
        () -> {
          Source<Integer>[] sources = (Source<Integer>[]) new Source<?>[4];
          for (int i = 0; i < 4; i++) {
            sources[i] = fw.signal(START[i]);
          }
          Computed<Integer>[] layer = sources.clone();
          for (int i = layers; i > 0; i--) {
            Computed<Integer>[] m = layer;
            Computed<Integer>[] s = (Computed<Integer>[]) new Computed<?>[4];
            s[0] = fw.computed(() -> m[1].read());
            s[1] = fw.computed(() -> m[0].read() - m[2].read());
            s[2] = fw.computed(() -> m[1].read() + m[3].read());
            s[3] = fw.computed(() -> m[2].read());
            for (Computed<Integer> cell : s) {
              fw.effect(cell::read);
            }
            layer = s;
          }
          return new CellxScenario(fw, layers, checks, sources, layer);
        });
  }

  /** The timed part: read the end cells, batch-write the sources, read the end cells again. */
  public void update() {
    for (int i = 0; i < 4; i++) {
      before[i] = end[i].read();
    }
    fw.withBatch(
        () -> {
          for (int i = 0; i < 4; i++) {
            start[i].write(UPDATE[i]);
          }
        });
    for (int i = 0; i < 4; i++) {
      after[i] = end[i].read();
    }
  }

  /** Checks the values {@link #update()} read against {@link #expectedEnd} (cheap: no allocation). */
  public void verify() {
    if (!Arrays.equals(before, expectedBefore)) {
      checks.fail(
          "cellx" + layers + " end before update",
          Arrays.toString(expectedBefore),
          Arrays.toString(before));
    }
    if (!Arrays.equals(after, expectedAfter)) {
      checks.fail(
          "cellx" + layers + " end after update",
          Arrays.toString(expectedAfter),
          Arrays.toString(after));
    }
  }

  /**
   * Computes the end cells of {@code layers} layers over the given sources with the cell rules
   * ({@code p1 = m.p2, p2 = m.p1 − m.p3, p3 = m.p2 + m.p4, p4 = m.p3}), without any library.
   *
   * @param layers the number of layers
   * @param sources the four source values
   * @return the four end values
   */
  public static int[] expectedEnd(int layers, int[] sources) {
    int[] m = sources.clone();
    for (int i = 0; i < layers; i++) {
      m = new int[] {m[1], m[0] - m[2], m[1] + m[3], m[2]};
    }
    return m;
  }
}
