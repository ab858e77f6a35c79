package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The concurrency promises of the kernel (see {@link Graph}): no lost update, one computation of a
 * stale derived however many threads read it, no torn state observed by a computation, no deadlock
 * between graphs, and a thread always reads at least what it wrote itself. Every race starts its
 * threads together on a latch ({@link Race}) and fails with a thread dump instead of hanging.
 */
class ConcurrencyTest {
  final Graph g = Graph.builder().name("concurrency").build();

  @AfterEach
  void close() {
    g.close();
  }

  @Nested
  class LostUpdates {
    static final int THREADS = 8;
    static final int UPDATES = 2000;

    @Test
    void eightPlatformThreadsTimesTwoThousandUpdatesLoseNothing() throws Exception {
      Signal<Integer> counter = g.signal(0);
      Race.platform().run(THREADS, i -> {
        for (int k = 0; k < UPDATES; k++) {
          counter.update(v -> v + 1);
        }
      });
      assertEquals(THREADS * UPDATES, counter.get());
    }

    @Test
    void virtualThreadsLoseNothingEither() throws Exception {
      Signal<Integer> counter = g.signal(0);
      Race.virtualThreads().run(THREADS, i -> {
        for (int k = 0; k < UPDATES; k++) {
          counter.update(v -> v + 1);
        }
      });
      assertEquals(THREADS * UPDATES, counter.get());
    }

    @Test
    void withAWatchingEffectEveryUpdateIsSeenInOrder() throws Exception {
      Signal<Integer> counter = g.signal(0);
      Derived<Integer> doubled = g.derived(() -> counter.get() * 2);
      List<Integer> seen = new ArrayList<>(); // written only by effect runs, which hold the graph lock
      g.effect(() -> seen.add(doubled.get()));
      Race.platform().run(THREADS, i -> {
        for (int k = 0; k < UPDATES; k++) {
          counter.update(v -> v + 1);
        }
      });
      assertEquals(THREADS * UPDATES, counter.get());
      int total = THREADS * UPDATES;
      assertEquals(2 * total, g.batch(() -> seen.getLast()), "the effect saw the last write");
      List<Integer> copy = g.batch(() -> List.copyOf(seen));
      for (int i = 1; i < copy.size(); i++) {
        assertTrue(copy.get(i) > copy.get(i - 1), "effect runs see strictly increasing values: " + copy.subList(i - 1, i + 1));
      }
    }

    @Test
    void updateFunctionRunsOncePerCallUnderContention() throws Exception {
      Signal<Integer> counter = g.signal(0);
      AtomicInteger calls = new AtomicInteger();
      Race.platform().run(THREADS, i -> {
        for (int k = 0; k < UPDATES; k++) {
          counter.update(v -> {
            calls.incrementAndGet();
            return v + 1;
          });
        }
      });
      assertEquals(THREADS * UPDATES, calls.get(), "no retry loop: the function is applied exactly once");
      assertEquals(THREADS * UPDATES, counter.get());
    }
  }

  @Nested
  class StaleDerivedComputedOnce {
    static final int READERS = 32;

    /** A derived that sleeps while computing, so that every reader arrives while it runs. */
    private Derived<Integer> slow(Signal<Integer> source, AtomicInteger runs) {
      return g.derived(() -> {
        runs.incrementAndGet();
        int v = source.get();
        try {
          Thread.sleep(50); // simulated slow work, not a wait for anything
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return v * 10;
      });
    }

    @Test
    void thirtyTwoReadersOfANeverComputedDerivedComputeItOnce() throws Exception {
      Signal<Integer> source = g.signal(4);
      AtomicInteger runs = new AtomicInteger();
      Derived<Integer> d = slow(source, runs);
      Queue<Integer> values = new ConcurrentLinkedQueue<>();
      Race.platform().run(READERS, i -> values.add(d.get()));
      assertEquals(1, runs.get());
      assertEquals(READERS, values.size());
      assertTrue(values.stream().allMatch(v -> v == 40), "every reader got the one result: " + values);
    }

    @Test
    void thirtyTwoReadersOfAStaleDerivedComputeItOnce() throws Exception {
      Signal<Integer> source = g.signal(1);
      AtomicInteger runs = new AtomicInteger();
      Derived<Integer> d = slow(source, runs);
      assertEquals(10, d.get());
      source.set(2);
      Queue<Integer> values = new ConcurrentLinkedQueue<>();
      Race.platform().run(READERS, i -> values.add(d.get()));
      assertEquals(2, runs.get(), "one run for the first read, one for the stale read");
      assertTrue(values.stream().allMatch(v -> v == 20), "every reader got the fresh value: " + values);
    }

    @Test
    void thirtyTwoVirtualThreadReadersOfAnInvalidatedDerivedComputeItOnce() throws Exception {
      Signal<Integer> source = g.signal(3);
      AtomicInteger runs = new AtomicInteger();
      Derived<Integer> d = slow(source, runs);
      assertEquals(30, d.get());
      d.invalidate();
      Queue<Integer> values = new ConcurrentLinkedQueue<>();
      Race.virtualThreads().run(READERS, i -> values.add(d.peek()));
      assertEquals(2, runs.get());
      assertTrue(values.stream().allMatch(v -> v == 30), "every reader got the one result: " + values);
    }

    @Test
    void readersOfAStaleChainComputeEachLinkOnce() throws Exception {
      Signal<Integer> source = g.signal(1);
      AtomicInteger slowRuns = new AtomicInteger();
      AtomicInteger tailRuns = new AtomicInteger();
      Derived<Integer> head = slow(source, slowRuns);
      Derived<Integer> tail = g.derived(() -> {
        tailRuns.incrementAndGet();
        return head.get() + 1;
      });
      assertEquals(11, tail.get());
      source.set(5);
      Queue<Integer> values = new ConcurrentLinkedQueue<>();
      Race.platform().run(READERS, i -> values.add(i % 2 == 0 ? tail.get() : head.get() + 1));
      assertEquals(2, slowRuns.get());
      assertEquals(2, tailRuns.get());
      assertTrue(values.stream().allMatch(v -> v == 51), "" + values);
    }
  }

  @Nested
  class NoTornState {
    static final int WRITERS = 8;
    static final int BATCHES = 1000;

    @Test
    void eightWritersNeverMakeAnEffectObserveATornPairOfDeriveds() throws Exception {
      Signal<Integer> a = g.signal(0);
      Signal<Integer> b = g.signal(0);
      Derived<Integer> da = g.derived(() -> a.get() * 2);
      Derived<Integer> db = g.derived(() -> b.get() * 2);
      Queue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        runs.incrementAndGet();
        int x = da.get();
        int y = db.get();
        if (x != -y) {
          violations.add("da=" + x + " db=" + y);
        }
      });
      Race.platform().run(WRITERS, t -> {
        for (int k = 1; k <= BATCHES; k++) {
          int i = t * 1_000_000 + k;
          g.batch(() -> {
            a.set(i);
            b.set(-i);
          });
        }
      });
      assertEquals(List.of(), List.copyOf(violations));
      assertTrue(runs.get() > 1, "the effect reran");
      assertEquals(0, da.get() + db.get());
    }

    @Test
    void lockFreeReadersOfADerivedOverBothNeverSeeATornPair() throws Exception {
      Signal<Integer> a = g.signal(0);
      Signal<Integer> b = g.signal(0);
      Derived<Integer> da = g.derived(() -> a.get() * 2);
      Derived<Integer> db = g.derived(() -> b.get() * 2);
      Derived<Integer> sum = g.derived(() -> da.get() + db.get());
      Queue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger writersLeft = new AtomicInteger(4);
      List<Race.Task> tasks = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        tasks.add(t -> {
          try {
            for (int k = 1; k <= BATCHES; k++) {
              int i = t * 1_000_000 + k;
              g.batch(() -> {
                a.set(i);
                b.set(-i);
              });
            }
          } finally {
            writersLeft.decrementAndGet();
          }
        });
      }
      for (int r = 0; r < 4; r++) {
        tasks.add(t -> {
          while (writersLeft.get() > 0) {
            int s = sum.get();
            int atomicPair = g.batch(() -> a.get() + b.get());
            if (s != 0 || atomicPair != 0) {
              violations.add("sum=" + s + " a+b in a batch=" + atomicPair);
            }
          }
        });
      }
      Race.platform().runAll(tasks);
      assertEquals(List.of(), List.copyOf(violations));
    }
  }

  @Nested
  class ReadersAndWriters {
    @Test
    void concurrentWritersAndReadersOnOneGraph() throws Exception {
      int writers = 4;
      int writes = 2000;
      List<Signal<Integer>> counters = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        counters.add(g.signal(0));
      }
      Derived<Integer> total = g.derived(() -> counters.stream().mapToInt(Signal::get).sum());
      Derived<Integer> watchedTotal = g.derived(() -> counters.stream().mapToInt(Signal::get).sum());
      AtomicInteger lastSeenByEffect = new AtomicInteger();
      g.effect(() -> lastSeenByEffect.set(watchedTotal.get()));
      Queue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger writersLeft = new AtomicInteger(writers);
      List<Race.Task> tasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        tasks.add(t -> {
          try {
            for (int k = 0; k < writes; k++) {
              counters.get(t).update(v -> v + 1);
            }
          } finally {
            writersLeft.decrementAndGet();
          }
        });
      }
      for (int r = 0; r < 4; r++) {
        tasks.add(t -> {
          int previous = 0;
          while (writersLeft.get() > 0) {
            int now = (t % 2 == 0 ? total : watchedTotal).get();
            if (now < previous) { // counters only grow: a reader never goes back in time
              violations.add("total went from " + previous + " to " + now);
            }
            previous = now;
          }
        });
      }
      Race.platform().runAll(tasks);
      assertEquals(List.of(), List.copyOf(violations));
      assertEquals(writers * writes, total.get());
      assertEquals(writers * writes, lastSeenByEffect.get());
    }

    @Test
    void separateGraphsWritingIntoEachOtherNeverDeadlock() throws Exception {
      int n = 4;
      int writes = 1000;
      List<Graph> graphs = new ArrayList<>();
      List<Signal<Integer>> sources = new ArrayList<>();
      List<Signal<Integer>> mirrors = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          Graph graph = Graph.builder().name("ring-" + i).build();
          graphs.add(graph);
          sources.add(graph.signal(0));
          mirrors.add(graph.signal(0));
        }
        // Graph i's effect writes into graph i+1: a ring, so threads hold every lock "around" others.
        for (int i = 0; i < n; i++) {
          Signal<Integer> source = sources.get(i);
          Signal<Integer> target = mirrors.get((i + 1) % n);
          Derived<Integer> twice = graphs.get(i).derived(() -> source.get() * 2);
          graphs.get(i).effect(() -> {
            int v = twice.get();
            target.update(old -> Math.max(old, v));
          });
        }
        Race.platform().run(2 * n, t -> {
          Signal<Integer> mine = sources.get(t % n);
          for (int k = 1; k <= writes; k++) {
            int v = k;
            mine.update(old -> Math.max(old, v));
            mirrors.get(t % n).get();
          }
        });
        for (int i = 0; i < n; i++) {
          assertEquals(writes, sources.get(i).get());
          assertEquals(2 * writes, mirrors.get((i + 1) % n).get(), "mirror of graph " + i);
        }
      } finally {
        graphs.forEach(Graph::close);
      }
    }

    @Test
    void independentGraphsDoNotInterfere() throws Exception {
      int n = 4;
      List<Graph> graphs = new ArrayList<>();
      try {
        List<Signal<Integer>> signals = new ArrayList<>();
        List<Derived<Integer>> squares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Graph graph = Graph.create();
          graphs.add(graph);
          Signal<Integer> s = graph.signal(0);
          signals.add(s);
          squares.add(graph.derived(() -> s.get() * s.get()));
        }
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        Race.platform().run(2 * n, t -> {
          int i = t % n;
          for (int k = 1; k <= 2000; k++) {
            if (t < n) {
              signals.get(i).set(k);
            } else {
              int v = squares.get(i).get();
              int root = (int) Math.round(Math.sqrt(v));
              if (root * root != v) {
                violations.add("graph " + i + ": " + v + " is not a square");
              }
            }
          }
        });
        assertEquals(List.of(), List.copyOf(violations));
        for (int i = 0; i < n; i++) {
          assertEquals(2000 * 2000, squares.get(i).get());
        }
      } finally {
        graphs.forEach(Graph::close);
      }
    }
  }

  @Nested
  class TaskCancellation {
    @Test
    void aCancelledTaskThatStartsWhileTheGraphCancelsItAgainDoesNotDeadlock() throws Exception {
      java.util.concurrent.BlockingQueue<Runnable> held = new java.util.concurrent.LinkedBlockingQueue<>();
      Graph graph = Graph.builder().name("cancel-race").taskFactory(TaskFactory.of(held::add)).build();
      Signal<Integer> s = graph.signal(0);
      graph.asyncEffect(s::get);
      java.util.Objects.requireNonNull(held.poll(5, java.util.concurrent.TimeUnit.SECONDS)).run(); // first run: reads s
      s.set(1); // a rerun is submitted (held: its task has not started)
      Runnable rerunTask = java.util.Objects.requireNonNull(held.poll(5, java.util.concurrent.TimeUnit.SECONDS));
      s.set(2); // supersedes that rerun before its task started: the task is cancelled
      Thread starter = Thread.ofPlatform().daemon().name("late-task-start").unstarted(rerunTask);
      Thread writer = Thread.ofPlatform().daemon().name("writer").start(() -> graph.batch(() -> {
        s.set(3);
        // The cancelled task starts now and finds it was cancelled; it must not wait for this
        // graph's lock while holding anything the flush below needs (it cancels the task again).
        starter.start();
        org.awaitility.Awaitility.await().atMost(5, java.util.concurrent.TimeUnit.SECONDS)
            .until(() -> starter.getState() == Thread.State.WAITING || !starter.isAlive());
      }));
      writer.join(5_000);
      starter.join(1_000);
      if (writer.isAlive() || starter.isAlive()) {
        throw new AssertionError("deadlock between the graph lock and the task's lock:\n"
            + Race.describe(writer) + Race.describe(starter));
      }
      for (Runnable r; (r = held.poll()) != null; ) {
        r.run(); // the rerun: let it end, so that close() has nothing to wait for
      }
      graph.close();
    }

    @Test
    void closeDoesNotHangWhenTheExecutorDropsARunThatNeverStarted() throws Exception {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
      java.util.concurrent.CountDownLatch blocker = new java.util.concurrent.CountDownLatch(1);
      pool.execute(() -> {
        try {
          blocker.await(); // occupies the only thread, so the next run waits in the queue
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Graph graph = Graph.builder().name("dropped-run").taskFactory(TaskFactory.of(pool)).build();
      graph.asyncEffect(() -> {});
      List<Runnable> dropped = pool.shutdownNow(); // drops the queued run without running it
      assertEquals(1, dropped.size());
      Thread closer = Thread.ofPlatform().daemon().name("closer").start(graph::close);
      closer.join(5_000);
      if (closer.isAlive()) {
        throw new AssertionError("Graph.close() waits forever for a run its executor dropped (cancelled, never"
            + " started):\n" + Race.describe(closer));
      }
    }
  }

  @Nested
  class ReadYourWrites {
    static final int THREADS = 8;
    static final int WRITES = 2000;

    @Test
    void aDerivedReadAfterACompletedWriteOnTheSameThreadIsNeverOlder() throws Exception {
      Signal<Integer> s = g.signal(0);
      Derived<Integer> unwatched = g.derived(() -> s.get() * 2);
      Derived<Integer> watched = g.derived(() -> s.get() * 2);
      Derived<Integer> chainEnd = g.derived(() -> unwatched.get() + 1);
      g.effect(watched::get);
      Queue<String> violations = new ConcurrentLinkedQueue<>();
      Race.platform().run(THREADS, t -> {
        int[] mine = new int[1];
        for (int k = 0; k < WRITES; k++) {
          s.update(v -> mine[0] = v + 1);
          int written = mine[0];
          int u = unwatched.get();
          int w = watched.get();
          int c = chainEnd.peek();
          if (u < 2 * written || w < 2 * written || c < 2 * written + 1) {
            violations.add("wrote " + written + " then read unwatched=" + u + " watched=" + w + " chain=" + c);
          }
        }
      });
      assertEquals(List.of(), List.copyOf(violations));
      assertEquals(2 * THREADS * WRITES, unwatched.get());
    }

    @Test
    void readsOnOneThreadNeverGoBackwards() throws Exception {
      Signal<Integer> s = g.signal(0);
      Derived<Integer> d = g.derived(() -> s.get() + 1);
      Queue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger writersLeft = new AtomicInteger(2);
      List<Race.Task> tasks = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        tasks.add(t -> {
          try {
            for (int k = 0; k < WRITES * 2; k++) {
              s.update(v -> v + 1);
            }
          } finally {
            writersLeft.decrementAndGet();
          }
        });
      }
      for (int r = 0; r < 4; r++) {
        tasks.add(t -> {
          int last = 0;
          while (writersLeft.get() > 0) {
            int v = d.get();
            int raw = s.peek();
            if (v < last || raw + 1 < v) {
              violations.add("read " + v + " after " + last + " (signal then at " + raw + ")");
            }
            last = v;
            // Virtual threads are not preempted: a reader spinning on the lock-free fast path would
            // keep a carrier (2 on CI) from the writer it waits for.
            Thread.yield();
          }
        });
      }
      Race.virtualThreads().runAll(tasks);
      assertEquals(List.of(), List.copyOf(violations));
    }
  }
}
