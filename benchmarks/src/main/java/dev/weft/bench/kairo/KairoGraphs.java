package dev.weft.bench.kairo;

import dev.weft.bench.check.Checks;
import dev.weft.bench.check.Counter;
import dev.weft.bench.framework.Computed;
import dev.weft.bench.framework.ReactiveFramework;
import dev.weft.bench.framework.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kairo graphs, ported one to one from the js-reactivity-benchmark ({@code src/kairo}). Every
 * write is wrapped in {@code withBatch}; the original's {@code console.assert}s are checks
 * recorded in {@link Checks}, at the same places (they are part of the timed work there too).
 * Where the original checks nothing (molBench) or only the count (unstable), the expected values
 * are derived in the comments and checked after the writes.
 */
final class KairoGraphs {

  /** fib(16) with fib(0) = fib(1) = 1, the constant {@code hard(n)} adds. */
  static final int FIB_16 = 1597;

  /** Written by {@link #busy()} so the JIT cannot drop its loop. */
  @SuppressWarnings("unused")
  private static volatile int busySink;

  private KairoGraphs() {}

  /**
   * The original's {@code busy()}: a 100-step loop standing for a heavy computation. The loop
   * carries a dependency and publishes its result so it is not eliminated.
   */
  static void busy() {
    int a = 0;
    for (int i = 0; i < 100; i++) {
      a = a * 31 + i;
    }
    busySink = a;
  }

  static int fib(int n) {
    return n < 2 ? 1 : fib(n - 1) + fib(n - 2);
  }

  static int hard(int n) {
    return n + fib(16);
  }

  /** head → c1 → c2 (always 0) → c3 (busy) → c4 → c5 → effect (busy); c5 stays 6. */
  static KairoScenario avoidablePropagation(ReactiveFramework fw, Checks checks) {
    Source<Integer> head = fw.signal(0);
    Computed<Integer> c1 = fw.computed(head::read);
    Computed<Integer> c2 =
        fw.computed(
            () -> {
              c1.read();
              return 0;
            });
    Computed<Integer> c3 =
        fw.computed(
            () -> {
              busy();
              return c2.read() + 1;
            });
    Computed<Integer> c4 = fw.computed(() -> c3.read() + 2);
    Computed<Integer> c5 = fw.computed(() -> c4.read() + 3);
    fw.effect(
        () -> {
          c5.read();
          busy();
        });
    return () -> {
      fw.withBatch(() -> head.write(1));
      checks.expect("avoidable c5 after write 1", 6, c5.read());
      for (int i = 0; i < 1000; i++) {
        int v = i;
        fw.withBatch(() -> head.write(v));
        checks.expect("avoidable c5", 6, c5.read());
      }
    };
  }

  /** 50 branches head → head+i → +1 → effect; 50 writes must run exactly 2500 effects. */
  static KairoScenario broadPropagation(ReactiveFramework fw, Checks checks) {
    Source<Integer> head = fw.signal(0);
    Computed<Integer> last = head;
    Counter counter = new Counter();
    for (int i = 0; i < 50; i++) {
      int offset = i;
      Computed<Integer> current = fw.computed(() -> head.read() + offset);
      Computed<Integer> current2 = fw.computed(() -> current.read() + 1);
      fw.effect(
          () -> {
            current2.read();
            counter.count++;
          });
      last = current2;
    }
    Computed<Integer> end = last;
    return () -> {
      fw.withBatch(() -> head.write(1));
      counter.count = 0;
      for (int i = 0; i < 50; i++) {
        int v = i;
        fw.withBatch(() -> head.write(v));
        checks.expect("broad last branch", v + 50, end.read());
      }
      checks.expect("broad effect runs", 50 * 50, counter.count);
    };
  }

  /** A chain of 50 {@code +1} computeds and one effect; 50 writes, 50 effect runs. */
  static KairoScenario deepPropagation(ReactiveFramework fw, Checks checks) {
    int len = 50;
    Source<Integer> head = fw.signal(0);
    Computed<Integer> current = head;
    for (int i = 0; i < len; i++) {
      Computed<Integer> c = current;
      current = fw.computed(() -> c.read() + 1);
    }
    Computed<Integer> end = current;
    Counter counter = new Counter();
    fw.effect(
        () -> {
          end.read();
          counter.count++;
        });
    return () -> {
      fw.withBatch(() -> head.write(1));
      counter.count = 0;
      for (int i = 0; i < 50; i++) {
        int v = i;
        fw.withBatch(() -> head.write(v));
        checks.expect("deep end", len + v, end.read());
      }
      checks.expect("deep effect runs", 50, counter.count);
    };
  }

  /** head → 5 × (head + 1) → sum → effect; exactly one effect run per write. */
  static KairoScenario diamond(ReactiveFramework fw, Checks checks) {
    int width = 5;
    Source<Integer> head = fw.signal(0);
    List<Computed<Integer>> current = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      current.add(fw.computed(() -> head.read() + 1));
    }
    Computed<Integer> sum =
        fw.computed(
            () -> {
              int s = 0;
              for (Computed<Integer> c : current) {
                s += c.read();
              }
              return s;
            });
    Counter counter = new Counter();
    fw.effect(
        () -> {
          sum.read();
          counter.count++;
        });
    return () -> {
      fw.withBatch(() -> head.write(1));
      checks.expect("diamond sum after write 1", 2 * width, sum.read());
      counter.count = 0;
      for (int i = 0; i < 500; i++) {
        int v = i;
        fw.withBatch(() -> head.write(v));
        checks.expect("diamond sum", (v + 1) * width, sum.read());
      }
      checks.expect("diamond effect runs", 500, counter.count);
    };
  }

  /**
   * 100 heads → one computed building an index → value table (a new array each time, never equal,
   * like the original's fresh object) → 100 computeds {@code table[i]} → 100 computeds {@code +1}
   * → 100 effects.
   */
  static KairoScenario mux(ReactiveFramework fw, Checks checks) {
    List<Source<Integer>> heads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      heads.add(fw.signal(0));
    }
    Computed<Integer[]> mux =
        fw.computed(
            () -> {
              Integer[] table = new Integer[heads.size()];
              for (int i = 0; i < table.length; i++) {
                table[i] = heads.get(i).read();
              }
              return table;
            });
    List<Computed<Integer>> splited = new ArrayList<>();
    for (int i = 0; i < heads.size(); i++) {
      int index = i;
      Computed<Integer> x = fw.computed(() -> mux.read()[index]);
      splited.add(fw.computed(() -> x.read() + 1));
    }
    for (Computed<Integer> x : splited) {
      fw.effect(x::read);
    }
    return () -> {
      for (int i = 0; i < 10; i++) {
        int v = i;
        fw.withBatch(() -> heads.get(v).write(v));
        checks.expect("mux split", v + 1, splited.get(v).read());
      }
      for (int i = 0; i < 10; i++) {
        int v = i;
        fw.withBatch(() -> heads.get(v).write(v * 2));
        checks.expect("mux split", v * 2 + 1, splited.get(v).read());
      }
    };
  }

  /** One computed reading head 30 times; one effect; 100 writes, 100 effect runs. */
  static KairoScenario repeatedObservers(ReactiveFramework fw, Checks checks) {
    int size = 30;
    Source<Integer> head = fw.signal(0);
    Computed<Integer> current =
        fw.computed(
            () -> {
              int result = 0;
              for (int i = 0; i < size; i++) {
                result += head.read();
              }
              return result;
            });
    Counter counter = new Counter();
    fw.effect(
        () -> {
          current.read();
          counter.count++;
        });
    return () -> {
      fw.withBatch(() -> head.write(1));
      checks.expect("repeated after write 1", size, current.read());
      counter.count = 0;
      for (int i = 0; i < 100; i++) {
        int v = i;
        fw.withBatch(() -> head.write(v));
        checks.expect("repeated value", v * size, current.read());
      }
      checks.expect("repeated effect runs", 100, counter.count);
    };
  }

  /** A chain head, c1..c10; sum of [head, c1..c9]; effect on the sum. */
  static KairoScenario triangle(ReactiveFramework fw, Checks checks) {
    int width = 10;
    Source<Integer> head = fw.signal(0);
    Computed<Integer> current = head;
    List<Computed<Integer>> list = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      Computed<Integer> c = current;
      list.add(current);
      current = fw.computed(() -> c.read() + 1);
    }
    Computed<Integer> sum =
        fw.computed(
            () -> {
              int s = 0;
              for (Computed<Integer> x : list) {
                s += x.read();
              }
              return s;
            });
    Counter counter = new Counter();
    fw.effect(
        () -> {
          sum.read();
          counter.count++;
        });
    int constant = width * (width + 1) / 2; // 1 + 2 + ... + width
    return () -> {
      fw.withBatch(() -> head.write(1));
      checks.expect("triangle sum after write 1", constant, sum.read());
      counter.count = 0;
      for (int i = 0; i < 100; i++) {
        int v = i;
        fw.withBatch(() -> head.write(v));
        checks.expect("triangle sum", constant - width + v * width, sum.read());
      }
      checks.expect("triangle effect runs", 100, counter.count);
    };
  }

  /**
   * A computed switching 20 times between {@code 2·head} and {@code −head} by the parity of head.
   * The original checks only the effect count; the value after the last write (head = 99, odd:
   * 20 × 198) is checked after the loop, outside the writes.
   */
  static KairoScenario unstable(ReactiveFramework fw, Checks checks) {
    Source<Integer> head = fw.signal(0);
    Computed<Integer> doubled = fw.computed(() -> head.read() * 2);
    Computed<Integer> inverse = fw.computed(() -> -head.read());
    Computed<Integer> current =
        fw.computed(
            () -> {
              int result = 0;
              for (int i = 0; i < 20; i++) {
                result += head.read() % 2 != 0 ? doubled.read() : inverse.read();
              }
              return result;
            });
    Counter counter = new Counter();
    fw.effect(
        () -> {
          current.read();
          counter.count++;
        });
    return () -> {
      fw.withBatch(() -> head.write(1));
      checks.expect("unstable after write 1", 40, current.read());
      counter.count = 0;
      for (int i = 0; i < 100; i++) {
        int v = i;
        fw.withBatch(() -> head.write(v));
      }
      checks.expect("unstable effect runs", 100, counter.count);
      checks.expect("unstable value after write 99", 20 * 99 * 2, current.read());
    };
  }

  /** An element of molBench's {@code D}: compared by identity, like the original's objects. */
  record Box(int x) {
    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /**
   * molBench ($mol_wire's benchmark). Per iteration {@code i} (from 1):
   *
   * <ul>
   *   <li>batch {B=1; A=1+2i}: C=2, D[k].x=k, F=hard(2)=1599 (unchanged), G=2+2+4+1599=1607, so
   *       effect H records hard(1607)=3204 and I records 1607, each exactly once;
   *   <li>batch {A=2+2i; B=2}: C=0, E=hard(A) is odd, G=0+1+4+1599=1604: H records 3201, I 1604.
   * </ul>
   *
   * F's value never changes, so effect J may rerun (a library without equality cut-off on
   * effects does) but must always record hard(1599)=3196.
   */
  static KairoScenario molBench(ReactiveFramework fw, Checks checks) {
    Source<Integer> a = fw.signal(0);
    Source<Integer> b = fw.signal(0);
    Computed<Integer> c = fw.computed(() -> a.read() % 2 + b.read() % 2);
    Computed<Box[]> d =
        fw.computed(
            () -> {
              Box[] boxes = new Box[5];
              for (int i = 0; i < boxes.length; i++) {
                boxes[i] = new Box(i + a.read() % 2 - b.read() % 2);
              }
              return boxes;
            });
    Computed<Integer> e = fw.computed(() -> hard(c.read() + a.read() + d.read()[0].x()));
    Computed<Integer> f =
        fw.computed(
            () -> {
              int x = d.read()[2].x();
              return hard(x != 0 ? x : b.read());
            });
    Computed<Integer> g =
        fw.computed(
            () -> {
              int cv = c.read();
              return cv + (cv != 0 ? cv : e.read() % 2) + d.read()[4].x() + f.read();
            });
    IntLog h = new IntLog();
    IntLog in = new IntLog();
    IntLog j = new IntLog();
    fw.effect(() -> h.add(hard(g.read())));
    fw.effect(() -> in.add(g.read()));
    fw.effect(() -> j.add(hard(f.read())));
    int[] iteration = {0};
    return () -> {
      int i = ++iteration[0];
      h.clear();
      in.clear();
      j.clear();
      fw.withBatch(
          () -> {
            b.write(1);
            a.write(1 + i * 2);
          });
      h.expect(checks, "mol H after first batch", 3204);
      in.expect(checks, "mol I after first batch", 1607);
      fw.withBatch(
          () -> {
            a.write(2 + i * 2);
            b.write(2);
          });
      h.expect(checks, "mol H after second batch", 3204, 3201);
      in.expect(checks, "mol I after second batch", 1607, 1604);
      j.expectOnly(checks, "mol J", 2 * FIB_16 + 2);
    };
  }

  /** The values an effect recorded during one iteration. */
  static final class IntLog {
    private int[] values = new int[8];
    private int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    void clear() {
      size = 0;
    }

    /** Checks the log holds exactly {@code expected}. */
    void expect(Checks checks, String what, int... expected) {
      if (!Arrays.equals(values, 0, size, expected, 0, expected.length)) {
        checks.fail(
            what,
            Arrays.toString(expected),
            Arrays.toString(Arrays.copyOf(values, size)));
      }
    }

    /** Checks every recorded value is {@code expected}, however many there are. */
    void expectOnly(Checks checks, String what, int expected) {
      for (int k = 0; k < size; k++) {
        if (values[k] != expected) {
          checks.fail(what, expected, values[k]);
          return;
        }
      }
    }
  }
}
