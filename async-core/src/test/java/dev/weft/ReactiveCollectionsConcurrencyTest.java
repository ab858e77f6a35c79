package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Several writer threads, effects and plain reader threads on the same collections. Every effect run
 * and every plain read must see a consistent state; no reader ever gets an exception.
 */
class ReactiveCollectionsConcurrencyTest {
  static final int WRITERS = 4;
  static final int READERS = 2;
  static final int OPS = 1_500;
  static final int TOTAL = 100;

  final Graph g = Graph.builder().name("concurrency").build();
  final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

  @AfterEach
  void close() {
    g.close();
  }

  /** Runs {@code writers} and {@code readers} (each repeatedly until the writers are done) at once. */
  void runAll(List<Runnable> writers, List<Runnable> readers) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch writersDone = new CountDownLatch(writers.size());
    List<Thread> threads = new ArrayList<>();
    for (Runnable w : writers) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          for (int i = 0; i < OPS; i++) {
            w.run();
          }
        } catch (Throwable t) {
          violations.add("writer failed: " + t);
        } finally {
          writersDone.countDown();
        }
      }));
    }
    for (Runnable r : readers) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          while (writersDone.getCount() > 0) {
            r.run();
          }
        } catch (Throwable t) {
          violations.add("reader failed: " + t);
        }
      }));
    }
    start.countDown();
    for (Thread t : threads) {
      assertTrue(t.join(Duration.ofMinutes(1)), "thread " + t + " did not finish");
    }
  }

  void assertNoViolations() {
    List<String> all = List.copyOf(violations);
    assertTrue(all.isEmpty(), all.size() + " violations, first: " + all.subList(0, Math.min(5, all.size())));
  }

  static int random(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
  }

  @Nested
  class EveryEffectRunSeesAConsistentState {
    @Test
    void mapWhoseTwoKeysAlwaysSumToTheTotal() throws InterruptedException {
      ReactiveMap<String, Integer> map = g.reactiveMap();
      map.putAll(Map.of("a", TOTAL, "b", 0));
      AtomicInteger runs = new AtomicInteger();
      List<Integer> lastSeen = new ArrayList<>();
      for (int e = 0; e < 3; e++) {
        int id = e;
        lastSeen.add(-1);
        g.effect(() -> {
          int a = map.get("a");
          int b = map.get("b");
          if (a + b != TOTAL) {
            violations.add("effect saw a=" + a + " b=" + b);
          }
          lastSeen.set(id, a);
          runs.incrementAndGet();
        });
      }
      Runnable twoPutsInABatch = () -> g.batch(() -> {
        int x = random(10) - 5;
        map.put("a", map.get("a") - x);
        map.put("b", map.get("b") + x);
      });
      Runnable onePutAll = () -> g.batch(() -> {
        int a = random(TOTAL + 1);
        map.putAll(Map.of("a", a, "b", TOTAL - a));
      });
      Runnable compute = () -> g.batch(() -> {
        int moved = map.get("a") / 2;
        map.compute("a", (k, v) -> v - moved);
        map.merge("b", moved, Integer::sum);
      });
      runAll(List.of(twoPutsInABatch, onePutAll, compute, twoPutsInABatch), List.of(map::toString));
      assertNoViolations();
      assertEquals(TOTAL, map.get("a") + map.get("b"));
      int finalA = map.get("a");
      assertEquals(List.of(finalA, finalA, finalA), lastSeen, "every effect saw the final state");
      assertTrue(runs.get() > 3, "the effects reran");
    }

    @Test
    void singleOperationsAreAtomicEvenForPlainReaders() throws InterruptedException {
      ReactiveMap<String, Integer> map = g.reactiveMap();
      map.putAll(Map.of("a", TOTAL, "b", 0));
      ReactiveList<Integer> list = g.reactiveList();
      Runnable mapWriter = () -> g.batch(() -> {
        int a = random(TOTAL + 1);
        map.putAll(Map.of("a", a, "b", TOTAL - a));
      });
      Runnable listWriter = () -> {
        int v = random(1000);
        if (random(3) == 0) {
          list.removeIf(x -> x % 7 == v % 7); // removes whole pairs
        } else {
          list.addAll(List.of(v, v));
        }
      };
      Runnable mapReader = () -> {
        int sum = 0;
        for (Map.Entry<String, Integer> e : map.entrySet()) {
          sum += e.getValue();
        }
        if (sum != TOTAL) {
          violations.add("plain reader saw a half putAll: " + sum);
        }
      };
      Runnable listReader = () -> checkPairs(new ArrayList<>(list), "plain reader");
      runAll(List.of(mapWriter, listWriter, mapWriter, listWriter), List.of(mapReader, listReader));
      assertNoViolations();
    }

    @Test
    void listWhoseElementsAlwaysComeInEqualPairs() throws InterruptedException {
      ReactiveList<Integer> list = g.reactiveList();
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        checkPairs(list, "effect iterating");
        int size = list.size();
        for (int i = 0; i + 1 < size; i += 2) {
          if (!list.get(i).equals(list.get(i + 1))) {
            violations.add("effect saw indices " + i + "," + (i + 1) + " differ");
          }
        }
        runs.incrementAndGet();
      });
      Runnable appendPair = () -> g.batch(() -> {
        int v = random(1000);
        list.add(v);
        list.add(v);
      });
      Runnable insertPairAtFront = () -> list.addAll(0, List.of(7, 7));
      Runnable dropFirstPair = () -> g.batch(() -> {
        if (list.size() >= 2) {
          list.remove(0);
          list.remove(0);
        }
      });
      Runnable clearSometimes = () -> {
        if (random(10) == 0) {
          list.clear();
        } else {
          g.batch(() -> list.subList(0, Math.min(2, list.size())).clear());
        }
      };
      runAll(List.of(appendPair, insertPairAtFront, dropFirstPair, clearSometimes),
          List.of(() -> list.stream().count()));
      assertNoViolations();
      checkPairs(list, "final state");
      assertTrue(runs.get() > 1);
    }

    @Test
    void setWhoseElementsAlwaysComeWithTheirPartner() throws InterruptedException {
      ReactiveSet<String> set = g.reactiveSet();
      g.effect(() -> {
        for (String s : set) {
          String partner = s.startsWith("x") ? "y" + s.substring(1) : "x" + s.substring(1);
          if (!set.contains(partner)) {
            violations.add("effect saw " + s + " without " + partner);
          }
        }
      });
      Runnable addPair = () -> {
        int i = random(200);
        set.addAll(List.of("x" + i, "y" + i));
      };
      Runnable removePair = () -> {
        int i = random(200);
        g.batch(() -> {
          set.remove("x" + i);
          set.remove("y" + i);
        });
      };
      runAll(List.of(addPair, removePair, addPair, removePair), List.of(() -> set.toArray()));
      assertNoViolations();
    }
  }

  void checkPairs(List<Integer> list, String who) {
    if (list.size() % 2 != 0) {
      violations.add(who + " saw an odd size " + list.size());
      return;
    }
    Iterator<Integer> it = list.iterator();
    while (it.hasNext()) {
      Integer first = it.next();
      Integer second = it.next();
      if (!first.equals(second)) {
        violations.add(who + " saw a broken pair " + first + "," + second);
      }
    }
  }

  @Nested
  class IterationWhileOtherThreadsWrite {
    @Test
    void neverThrows() throws InterruptedException {
      ReactiveMap<Integer, Integer> map = g.reactiveMap();
      ReactiveList<Integer> list = g.reactiveList();
      ReactiveSet<Integer> set = g.reactiveSet();
      Runnable writer = () -> {
        int k = random(64);
        switch (random(6)) {
          case 0 -> map.put(k, random(10));
          case 1 -> map.remove(k);
          case 2 -> list.add(k);
          case 3 -> {
            if (!list.isEmpty()) {
              try {
                list.remove(random(list.size()));
              } catch (IndexOutOfBoundsException raced) {
                // another writer shrank the list between size() and remove(): expected
              }
            }
          }
          case 4 -> set.add(k);
          default -> set.remove(k);
        }
      };
      Runnable reader = () -> {
        for (Map.Entry<Integer, Integer> e : map.entrySet()) {
          e.getValue();
        }
        map.keySet().forEach(k -> { });
        map.values().stream().mapToInt(Integer::intValue).sum();
        for (Integer i : list) {
          i.hashCode();
        }
        list.listIterator().forEachRemaining(i -> { });
        set.stream().count();
        for (Integer i : set) {
          i.hashCode();
        }
        map.toString();
        list.hashCode();
        set.equals(java.util.Set.of());
      };
      runAll(List.of(writer, writer, writer), List.of(reader, reader));
      assertNoViolations();
      assertFalse(map.size() > 64);
    }
  }
}
