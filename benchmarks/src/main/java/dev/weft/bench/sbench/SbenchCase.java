package dev.weft.bench.sbench;

import dev.weft.bench.check.Checks;
import dev.weft.bench.framework.Computed;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sbench cases ({@code sBench.ts}), for a base {@code count} (10^5 here, the spec's COUNT):
 * create signals, create computations (effects) of fan-in 0, 1, 2, 4, 1000 and fan-out 2, 4, 8,
 * 1000, and update signals through such effects. An update case creates its effects and then
 * writes {@code n} times inside one batch, as the original runs the returned closure in
 * {@code withBatch}. Every effect records its runs and the values it read in a {@link Sink}, so
 * each case checks the number of runs and the values seen.
 */
public enum SbenchCase {
  CREATE_SIGNALS("createSignals", 1, 1, 1),
  CREATE_0_TO_1("create0to1", 1, 1, 0),
  CREATE_1_TO_1("create1to1", 1, 1, 1),
  CREATE_2_TO_1("create2to1", 1, 2, 1),
  CREATE_4_TO_1("create4to1", 1, 4, 1),
  CREATE_1000_TO_1("create1000to1", 1, 1000, 1),
  CREATE_1_TO_2("create1to2", 1, 1, -2),
  CREATE_1_TO_4("create1to4", 1, 1, -4),
  CREATE_1_TO_8("create1to8", 1, 1, -8),
  CREATE_1_TO_1000("create1to1000", 1, 1, -1000),
  UPDATE_1_TO_1("update1to1", 4, 1, 0),
  UPDATE_2_TO_1("update2to1", 2, 1, 0),
  UPDATE_4_TO_1("update4to1", 1, 1, 0),
  UPDATE_1000_TO_1("update1000to1", 1, 250, 0),
  UPDATE_1_TO_2("update1to2", 1, 1, 0),
  UPDATE_1_TO_4("update1to4", 1, 1, 0),
  UPDATE_1_TO_1000("update1to1000", 1, 1, 0);

  private final String caseName;
  private final int nMultiplier;
  private final int nDivisor;
  /** Sources as a fraction of count: 1 = count, 0 = none, −k = count / k. */
  private final int sourceShare;

  SbenchCase(String caseName, int nMultiplier, int nDivisor, int sourceShare) {
    this.caseName = caseName;
    this.nMultiplier = nMultiplier;
    this.nDivisor = nDivisor;
    this.sourceShare = sourceShare;
  }

  /** Counts effect runs and the values effects read. Confined to the benchmark thread. */
  public static final class Sink {
    /** Effect runs. */
    public long runs;

    /** Sum of every value an effect read, over all runs. */
    public long total;

    void record(long value) {
      runs++;
      total += value;
    }
  }

  /**
   * Returns the case name used as the JMH parameter.
   *
   * @return such as {@code update1to1000}
   */
  public String caseName() {
    return caseName;
  }

  /**
   * The {@code n} the original passes to the case function for a base count.
   *
   * @param count the base count (COUNT)
   * @return n
   */
  public int n(int count) {
    return count * nMultiplier / nDivisor;
  }

  /**
   * How many source signals the case needs before the timing starts.
   *
   * @param count the base count (COUNT)
   * @return the number of sources
   */
  public int sourceCount(int count) {
    if (this.name().startsWith("UPDATE")) {
      return switch (this) {
        case UPDATE_2_TO_1 -> 2;
        case UPDATE_4_TO_1 -> 4;
        case UPDATE_1000_TO_1 -> 1000;
        default -> 1;
      };
    }
    return sourceShare >= 0 ? count * sourceShare : count / -sourceShare;
  }

  /**
   * Creates the sources (untimed in the benchmark), with values 0, 1, 2, ... and reads each three
   * times, as the original does before starting the clock.
   *
   * @param fw the library under test
   * @param count the base count
   * @return the sources
   */
  public List<Source<Integer>> createSources(ReactiveFramework fw, int count) {
    int scount = sourceCount(count);
    List<Source<Integer>> sources = new ArrayList<>(scount);
    for (int i = 0; i < scount; i++) {
      sources.add(fw.signal(i));
    }
    for (Source<Integer> s : sources) {
      s.read();
      s.read();
      s.read();
    }
    return sources;
  }

  /**
   * The timed part: builds this case's computations (and for update cases returns the writes),
   * runs the writes in one batch and disposes everything, then checks what the effects saw.
   *
   * @param fw the library under test
   * @param count the base count
   * @param sources from {@link #createSources}
   * @param checks where failures go
   */
  public void run(ReactiveFramework fw, int count, List<Source<Integer>> sources, Checks checks) {
    int n = n(count);
    Sink sink = new Sink();
    Object[] created = new Object[1];
    Runnable update = fw.withBuild(() -> prepare(fw, n, sources, sink, created));
    fw.withBatch(update);
    fw.cleanup();
    verify(n, sink, created[0], checks);
  }

  private Runnable prepare(
      ReactiveFramework fw, int n, List<Source<Integer>> sources, Sink sink, Object[] created) {
    Runnable none = () -> {};
    switch (this) {
      case CREATE_SIGNALS -> {
        List<Source<Integer>> fresh = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          fresh.add(fw.signal(i));
        }
        created[0] = fresh;
      }
      case CREATE_0_TO_1 -> {
        for (int i = 0; i < n; i++) {
          int v = i;
          fw.effect(() -> sink.record(v));
        }
      }
      case CREATE_1_TO_1 -> {
        for (int i = 0; i < n; i++) {
          effect1(fw, sources.get(i), sink);
        }
      }
      case CREATE_2_TO_1 -> {
        for (int i = 0; i < n; i++) {
          Computed<Integer> s1 = sources.get(i * 2);
          Computed<Integer> s2 = sources.get(i * 2 + 1);
          fw.effect(() -> sink.record(s1.read() + s2.read()));
        }
      }
      case CREATE_4_TO_1 -> {
        for (int i = 0; i < n; i++) {
          Computed<Integer> s1 = sources.get(i * 4);
          Computed<Integer> s2 = sources.get(i * 4 + 1);
          Computed<Integer> s3 = sources.get(i * 4 + 2);
          Computed<Integer> s4 = sources.get(i * 4 + 3);
          fw.effect(() -> sink.record(s1.read() + s2.read() + s3.read() + s4.read()));
        }
      }
      case CREATE_1000_TO_1 -> {
        for (int i = 0; i < n; i++) {
          effectSum(fw, sources, i * 1000, sink);
        }
      }
      case CREATE_1_TO_2, CREATE_1_TO_4, CREATE_1_TO_8, CREATE_1_TO_1000 -> {
        int fanOut = -sourceShare;
        for (int i = 0; i < n / fanOut; i++) {
          Source<Integer> s = sources.get(i);
          for (int j = 0; j < fanOut; j++) {
            effect1(fw, s, sink);
          }
        }
      }
      case UPDATE_1_TO_1, UPDATE_2_TO_1, UPDATE_4_TO_1 -> {
        int arity = sources.size();
        fw.effect(
            () -> {
              long sum = 0;
              for (int k = 0; k < arity; k++) {
                sum += sources.get(k).read();
              }
              sink.record(sum);
            });
        return writes(sources.get(0), n);
      }
      case UPDATE_1000_TO_1 -> {
        effectSum(fw, sources, 0, sink);
        return writes(sources.get(0), n);
      }
      case UPDATE_1_TO_2, UPDATE_1_TO_4 -> {
        for (int k = 0; k < (this == UPDATE_1_TO_2 ? 2 : 4); k++) {
          effect1(fw, sources.get(0), sink);
        }
        return writes(sources.get(0), n);
      }
      case UPDATE_1_TO_1000 -> {
        for (int k = 0; k < 1000; k++) {
          effect1(fw, sources.get(0), sink);
        }
        return writes(sources.get(0), n / 10);
      }
    }
    return none;
  }

  private static void effect1(ReactiveFramework fw, Computed<Integer> s, Sink sink) {
    fw.effect(() -> sink.record(s.read()));
  }

  private static void effectSum(
      ReactiveFramework fw, List<Source<Integer>> sources, int offset, Sink sink) {
    fw.effect(
        () -> {
          long sum = 0;
          for (int k = 0; k < 1000; k++) {
            sum += sources.get(offset + k).read();
          }
          sink.record(sum);
        });
  }

  private static Runnable writes(Source<Integer> target, int count) {
    return () -> {
      for (int i = 0; i < count; i++) {
        target.write(i);
      }
    };
  }

  /** Σ_{i<k} i. */
  private static long triangle(long k) {
    return k * (k - 1) / 2;
  }

  private void verify(int n, Sink sink, Object created, Checks checks) {
    String what = "sbench " + caseName;
    switch (this) {
      case CREATE_SIGNALS -> {
        @SuppressWarnings("unchecked")
        List<Source<Integer>> fresh = (List<Source<Integer>>) created;
        checks.expect(what + " signals", n, fresh.size());
        checks.expect(what + " last signal", n - 1, fresh.get(n - 1).read());
      }
      case CREATE_0_TO_1, CREATE_1_TO_1 -> expect(checks, what, sink, n, triangle(n));
      case CREATE_2_TO_1 -> expect(checks, what, sink, n, triangle(2L * n));
      case CREATE_4_TO_1 -> expect(checks, what, sink, n, triangle(4L * n));
      case CREATE_1000_TO_1 -> expect(checks, what, sink, n, triangle(1000L * n));
      case CREATE_1_TO_2, CREATE_1_TO_4, CREATE_1_TO_8, CREATE_1_TO_1000 -> {
        int fanOut = -sourceShare;
        expect(checks, what, sink, (long) (n / fanOut) * fanOut, fanOut * triangle(n / fanOut));
      }
      // update cases: each effect runs once when created and once after the batch
      case UPDATE_1_TO_1 -> expect(checks, what, sink, 2, n - 1);
      case UPDATE_2_TO_1 -> expect(checks, what, sink, 2, 1 + n);
      case UPDATE_4_TO_1 -> expect(checks, what, sink, 2, 6 + (n + 5));
      case UPDATE_1000_TO_1 -> expect(checks, what, sink, 2, 499_500 + (n - 1 + 499_500));
      case UPDATE_1_TO_2 -> expect(checks, what, sink, 4, 2L * (n - 1));
      case UPDATE_1_TO_4 -> expect(checks, what, sink, 8, 4L * (n - 1));
      case UPDATE_1_TO_1000 -> expect(checks, what, sink, 2000, 1000L * (n / 10 - 1));
    }
  }

  private static void expect(Checks checks, String what, Sink sink, long runs, long total) {
    checks.expect(what + " effect runs", runs, sink.runs);
    checks.expect(what + " sum of values read", total, sink.total);
  }

  /**
   * Finds a case by name.
   *
   * @param name such as {@code create1to1}
   * @return the case
   * @throws IllegalArgumentException when no case has that name
   */
  public static SbenchCase byName(String name) {
    for (SbenchCase c : values()) {
      if (c.caseName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown sbench case '"
            + name
            + "': use one of "
            + Arrays.stream(values()).map(SbenchCase::caseName).toList());
  }
}
