package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReactiveMapTest {
  final Graph g = Graph.builder().name("map-test").build();
  final ReactiveMap<String, Integer> map = g.reactiveMap();

  @AfterEach
  void close() {
    g.close();
  }

  /** Counts the runs of an effect that evaluates {@code read}, and remembers the last value. */
  final class Watch<T> {
    final AtomicInteger runs = new AtomicInteger();
    volatile T last;

    Watch(Supplier<T> read) {
      g.effect(() -> {
        last = read.get();
        runs.incrementAndGet();
      });
    }
  }

  @Nested
  class PerKeyTracking {
    @Test
    void aReaderOfOneKeyIgnoresWritesToOthers() {
      map.put("a", 1);
      Watch<Integer> a = new Watch<>(() -> map.get("a"));
      map.put("b", 2);
      map.put("b", 3);
      map.remove("b");
      assertEquals(1, a.runs.get(), "writes to b rerun nothing that read only a");
      map.put("a", 5);
      assertEquals(2, a.runs.get());
      assertEquals(5, a.last);
    }

    @Test
    void aReaderOfAnAbsentKeyRerunsWhenItIsAddedAndRemoved() {
      Watch<Integer> a = new Watch<>(() -> map.getOrDefault("a", -1));
      assertEquals(-1, a.last);
      map.put("a", 1);
      assertEquals(1, a.last);
      map.remove("a");
      assertEquals(-1, a.last);
      assertEquals(3, a.runs.get());
    }

    @Test
    void aDerivedOverOneKeyRecomputesOnlyForThatKey() {
      AtomicInteger computations = new AtomicInteger();
      Derived<Integer> doubled = g.derived(() -> {
        computations.incrementAndGet();
        Integer v = map.get("a");
        return v == null ? 0 : v * 2;
      });
      assertEquals(0, doubled.get());
      map.put("b", 1);
      assertEquals(0, doubled.get());
      assertEquals(1, computations.get(), "an unwatched derived is not stale after a write to b");
      map.put("a", 4);
      assertEquals(8, doubled.get());
      assertEquals(2, computations.get());
    }
  }

  @Nested
  class EqualValues {
    @Test
    void notifyNobodyAndKeepTheCurrentInstance() {
      String first = new String("x");
      ReactiveMap<String, String> m = g.reactiveMap();
      m.put("k", first);
      Watch<String> k = new Watch<>(() -> m.get("k"));
      Watch<Integer> size = new Watch<>(m::size);
      Watch<String> all = new Watch<>(m::toString);
      assertSame(first, m.put("k", new String("x")));
      m.putAll(Map.of("k", "x"));
      m.replace("k", "x");
      m.merge("k", "ignored", (a, b) -> "x");
      assertEquals(1, k.runs.get());
      assertEquals(1, size.runs.get());
      assertEquals(1, all.runs.get());
      assertSame(first, m.get("k"));
    }
  }

  @Nested
  class Batches {
    @Test
    void multiKeyOperationsFlushOnce() {
      map.putAll(Map.of("a", 1, "b", 2));
      List<Integer> sums = new ArrayList<>();
      g.effect(() -> sums.add(map.getOrDefault("a", 0) + map.getOrDefault("b", 0)));
      map.putAll(Map.of("a", 10, "b", 20));
      map.clear();
      map.putAll(Map.of("a", 1, "b", 2, "c", 3));
      map.keySet().removeIf(k -> !k.equals("c"));
      assertEquals(List.of(3, 30, 0, 3, 0), sums, "one run per operation, never a mix");
    }

    @Test
    void writesInsideAGraphBatchFlushOnceAtTheEnd() {
      Watch<Integer> sum = new Watch<>(() -> map.getOrDefault("a", 0) + map.getOrDefault("b", 0));
      Signal<Integer> other = g.signal(0);
      g.batch(() -> {
        map.put("a", 1);
        map.put("b", 2);
        other.set(1);
        assertEquals(3, map.get("a") + map.get("b"), "reads inside the batch see its writes");
      });
      assertEquals(2, sum.runs.get());
      assertEquals(3, sum.last);
    }
  }

  @Nested
  class StructureTracking {
    @Test
    void sizeAndContainsKeyFollowKeysNotValues() {
      map.put("a", 1);
      Watch<Integer> size = new Watch<>(map::size);
      Watch<Boolean> hasB = new Watch<>(() -> map.containsKey("b"));
      map.put("a", 2);
      assertEquals(1, size.runs.get(), "a value change keeps the key set");
      assertEquals(1, hasB.runs.get());
      map.put("b", 1);
      assertEquals(2, size.last);
      assertTrue(hasB.last);
      map.remove("b");
      assertEquals(1, size.last);
      assertFalse(hasB.last);
    }

    @Test
    void keyIterationFollowsKeysWhileValueIterationFollowsEveryChange() {
      map.put("a", 1);
      Watch<List<String>> keys = new Watch<>(() -> new ArrayList<>(map.keySet()));
      Watch<Integer> total = new Watch<>(() -> map.values().stream().mapToInt(i -> i).sum());
      Watch<Map<String, Integer>> entries = new Watch<>(() -> new HashMap<>(map));
      map.put("a", 2);
      assertEquals(1, keys.runs.get());
      assertEquals(2, total.last);
      assertEquals(Map.of("a", 2), entries.last);
      map.put("b", 3);
      assertEquals(List.of("a", "b"), keys.last);
      assertEquals(5, total.last);
      assertEquals(Map.of("a", 2, "b", 3), entries.last);
    }
  }

  @Nested
  class Snapshots {
    @Test
    void iteratorsWalkTheStateOfTheirCreationAndRemoveFromTheLiveMap() {
      map.put("a", 1);
      map.put("b", 2);
      Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
      map.put("c", 3);
      map.remove("b");
      List<String> seen = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, Integer> e = it.next();
        seen.add(e.getKey());
        if (e.getKey().equals("a")) {
          it.remove();
        }
      }
      assertEquals(List.of("a", "b"), seen);
      assertEquals(Map.of("c", 3), map);
      it.remove(); // the last returned key may be gone already: removing it again changes nothing
      assertEquals(Map.of("c", 3), map);
      assertThrows(IllegalStateException.class, it::remove, "once per element");
    }

    @Test
    void entrySetValueWritesThrough() {
      map.put("a", 1);
      Map.Entry<String, Integer> e = map.entrySet().iterator().next();
      assertEquals(1, e.setValue(7));
      assertEquals(7, map.get("a"));
      assertEquals(7, e.getValue());
    }

    @Test
    void iterationIsInInsertionOrder() {
      for (String k : List.of("z", "a", "m")) {
        map.put(k, 0);
      }
      assertEquals(List.of("z", "a", "m"), new ArrayList<>(map.keySet()));
    }
  }

  @Nested
  class MapContract {
    @Test
    void viewBulkRemovalsMatchJavaUtilMapsAndRunAsOneWrite() {
      Map<String, Integer> expected = new LinkedHashMap<>();
      for (String k : List.of("a", "b", "c", "d", "e")) {
        expected.put(k, k.charAt(0) - 'a');
        map.put(k, k.charAt(0) - 'a');
      }
      AtomicInteger runs = new AtomicInteger();
      g.effect(() -> {
        map.size();
        runs.incrementAndGet();
      });
      assertEquals(expected.keySet().removeAll(List.of("a", "z")), map.keySet().removeAll(List.of("a", "z")));
      assertEquals(expected.values().retainAll(List.of(1, 2, 3)), map.values().retainAll(List.of(1, 2, 3)));
      assertEquals(expected.values().removeAll(List.of(2)), map.values().removeAll(List.of(2)));
      assertEquals(expected.entrySet().removeAll(List.of(Map.entry("b", 1))),
          map.entrySet().removeAll(List.of(Map.entry("b", 1))));
      assertEquals(expected.entrySet().retainAll(List.of()), map.entrySet().retainAll(List.of()));
      assertFalse(map.keySet().retainAll(List.of()), "nothing left to remove");
      assertEquals(expected, map);
      assertEquals(6, runs.get(), "one run for the first effect run, then one per removing operation");
      assertThrows(NullPointerException.class, () -> map.values().removeAll(null));
      assertThrows(NullPointerException.class, () -> map.entrySet().removeIf(null));
    }

    @Test
    void equalsHashCodeAndToStringMatchJavaUtilMaps() {
      map.put("a", 1);
      map.put("b", 2);
      Map<String, Integer> expected = new LinkedHashMap<>(Map.of("a", 1));
      expected.put("b", 2);
      assertEquals(expected, map);
      assertEquals(map, expected);
      assertEquals(expected.hashCode(), map.hashCode());
      assertEquals(expected.toString(), map.toString());
      assertEquals(expected.keySet(), map.keySet());
      assertEquals(expected.entrySet(), map.entrySet());
      assertEquals(expected.entrySet().hashCode(), map.entrySet().hashCode());
      assertTrue(map.entrySet().contains(Map.entry("a", 1)));
      assertFalse(map.entrySet().contains(Map.entry("a", 2)));
    }

    @Test
    void compoundOperationsFollowTheMapDefaults() {
      assertNull(map.putIfAbsent("a", 1));
      assertEquals(1, map.putIfAbsent("a", 2));
      assertEquals(1, map.computeIfAbsent("a", k -> 9));
      assertEquals(5, map.computeIfPresent("a", (k, v) -> v + 4));
      assertNull(map.computeIfPresent("a", (k, v) -> null));
      assertFalse(map.containsKey("a"));
      assertEquals(3, map.compute("b", (k, v) -> v == null ? 3 : v + 1));
      assertEquals(4, map.merge("b", 1, Integer::sum));
      assertFalse(map.remove("b", 3));
      assertTrue(map.replace("b", 4, 6));
      map.replaceAll((k, v) -> v * 10);
      assertEquals(Map.of("b", 60), map);
      assertTrue(map.remove("b", 60));
      assertTrue(map.isEmpty());
    }

    @Test
    void aThrowingFunctionChangesNothing() {
      map.putAll(Map.of("a", 1, "b", 2));
      assertThrows(ArithmeticException.class,
          () -> map.replaceAll((k, v) -> k.equals("b") ? v / 0 : v + 1));
      assertThrows(ArithmeticException.class, () -> map.keySet().removeIf(k -> 1 / 0 == 0));
      assertEquals(Map.of("a", 1, "b", 2), map);
    }

    @Test
    void nullsAreRejectedNamingTheParameter() {
      assertEquals("key", assertThrows(NullPointerException.class, () -> map.put(null, 1)).getMessage());
      assertEquals("value", assertThrows(NullPointerException.class, () -> map.put("a", null)).getMessage());
      assertEquals("key", assertThrows(NullPointerException.class, () -> map.get(null)).getMessage());
      assertEquals("key", assertThrows(NullPointerException.class, () -> map.containsKey(null)).getMessage());
      Map<String, Integer> withNull = new HashMap<>();
      withNull.put("x", 1);
      withNull.put("y", null);
      assertEquals("value", assertThrows(NullPointerException.class, () -> map.putAll(withNull)).getMessage());
      assertTrue(map.isEmpty(), "a rejected putAll stores nothing");
    }
  }

  @Nested
  class Rules {
    @Test
    void writingInsideADerivedFunctionIsRefused() {
      Derived<Integer> bad = g.derived(() -> map.put("a", 1) == null ? 0 : 1);
      assertThrows(IllegalStateException.class, bad::get);
      assertTrue(map.isEmpty());
    }

    @Test
    void writingInsideAComputationOfAnotherGraphIsRefusedBeforeAnythingChanges() {
      try (Graph other = Graph.create()) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> other.effect(() -> map.put("a", 1)));
        assertTrue(e.getMessage().contains("another graph"), e.getMessage());
      }
      assertTrue(map.isEmpty());
    }

    @Test
    void readsInsideAnotherGraphAreUntracked() {
      map.put("a", 1);
      try (Graph other = Graph.create()) {
        AtomicInteger runs = new AtomicInteger();
        other.effect(() -> {
          map.get("a");
          map.size();
          runs.incrementAndGet();
        });
        map.put("a", 2);
        assertEquals(1, runs.get());
      }
    }

    @Test
    void theStaticFacadeUsesTheGlobalGraph() {
      ReactiveMap<String, Integer> global = Weft.reactiveMap();
      AtomicInteger runs = new AtomicInteger();
      Effect e = Weft.effect(() -> {
        global.get("k");
        runs.incrementAndGet();
      });
      global.put("k", 1);
      e.dispose();
      assertEquals(2, runs.get());
    }
  }

  @Nested
  class KeyNodeMemory {
    final LocalReactiveMap<String, Integer> local = (LocalReactiveMap<String, Integer>) map;

    @Test
    void untrackedReadsCreateNoNodes() {
      map.get("a");
      map.getOrDefault("b", 0);
      assertEquals(0, local.keyNodeCount());
    }

    @Test
    void nodesGoWhenTheirLastWatcherGoes() {
      Effect e = g.effect(() -> {
        for (int i = 0; i < 100; i++) {
          map.get("k" + i);
        }
      });
      assertEquals(100, local.keyNodeCount());
      e.dispose();
      assertEquals(0, local.keyNodeCount());
    }

    @Test
    void aNodeGoesWhenTheEffectStopsReadingItsKey() {
      Signal<Boolean> readB = g.signal(true);
      Watch<Integer> w = new Watch<>(() -> readB.get() ? map.getOrDefault("b", 0) : map.getOrDefault("a", 0));
      assertEquals(1, local.keyNodeCount());
      readB.set(false);
      assertEquals(1, local.keyNodeCount(), "b's node went, a's came");
      map.put("b", 1);
      assertEquals(2, w.runs.get(), "a write to b no longer reruns it");
      map.put("a", 1);
      assertEquals(1, w.last);
    }

    @Test
    void nodesOfRemovedKeysGoWhenNobodyWatches() {
      map.put("a", 1);
      Derived<Integer> d = g.derived(() -> map.getOrDefault("a", 0));
      assertEquals(1, d.get());
      assertEquals(1, local.keyNodeCount(), "an unwatched derived links the node without subscribing");
      map.remove("a");
      assertEquals(0, local.keyNodeCount());
      assertEquals(0, d.get(), "the dropped node was bumped, so the derived recomputed");
      map.put("a", 3);
      assertEquals(3, d.get(), "and the recomputation linked the key's new node");
    }

    @Test
    void readsOfEverNewAbsentKeysByUnwatchedDerivedsStayBounded() {
      Signal<Integer> which = g.signal(0);
      Derived<Integer> d = g.derived(() -> map.getOrDefault("absent" + which.get(), -1));
      for (int i = 0; i < 5_000; i++) {
        which.set(i);
        assertEquals(-1, d.get());
      }
      assertTrue(local.keyNodeCount() <= 2 * KeyNodes.MIN_SWEEP, "nodes: " + local.keyNodeCount());
      map.put("absent4999", 7);
      assertEquals(7, d.get(), "the derived still follows the key it reads now");
    }

    @Test
    void watchedNodesSurviveSweeps() {
      Watch<Integer> a = new Watch<>(() -> map.getOrDefault("a", 0));
      Signal<Integer> which = g.signal(0);
      Derived<Integer> d = g.derived(() -> map.getOrDefault("absent" + which.get(), -1));
      for (int i = 0; i < 1_000; i++) {
        which.set(i);
        d.get();
      }
      map.put("a", 1);
      assertEquals(1, a.last);
      assertEquals(2, a.runs.get());
    }
  }
}
