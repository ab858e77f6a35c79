package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReactiveSetTest {
  final Graph g = Graph.builder().name("set-test").build();
  final ReactiveSet<String> set = g.reactiveSet();

  @AfterEach
  void close() {
    g.close();
  }

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
  class PerElementTracking {
    @Test
    void containsFollowsOnlyItsElement() {
      Watch<Boolean> hasA = new Watch<>(() -> set.contains("a"));
      set.add("b");
      set.remove("b");
      assertEquals(1, hasA.runs.get());
      set.add("a");
      assertTrue(hasA.last);
      set.remove("a");
      assertFalse(hasA.last);
      assertEquals(3, hasA.runs.get());
    }
  }

  @Nested
  class NoOpWrites {
    @Test
    void addingAPresentOrRemovingAnAbsentElementNotifiesNobody() {
      set.add("a");
      Watch<Integer> size = new Watch<>(set::size);
      Watch<Boolean> hasA = new Watch<>(() -> set.contains("a"));
      assertFalse(set.add("a"));
      assertFalse(set.remove("z"));
      assertFalse(set.addAll(List.of("a")));
      assertFalse(set.removeIf(String::isEmpty));
      assertEquals(1, size.runs.get());
      assertEquals(1, hasA.runs.get());
    }
  }

  @Nested
  class Batches {
    @Test
    void bulkOperationsFlushOnce() {
      List<String> seen = new ArrayList<>();
      g.effect(() -> seen.add(set.toString()));
      set.addAll(List.of("a", "b", "c", "a"));
      set.retainAll(Set.of("b", "z"));
      set.clear();
      assertEquals(List.of("[]", "[a, b, c]", "[b]", "[]"), seen);
    }
  }

  @Nested
  class StructureTracking {
    @Test
    void sizeAndIterationFollowMembership() {
      Watch<Integer> size = new Watch<>(set::size);
      Watch<List<String>> all = new Watch<>(() -> new ArrayList<>(set));
      set.add("x");
      set.add("y");
      assertEquals(2, size.last);
      assertEquals(List.of("x", "y"), all.last);
      assertEquals(3, all.runs.get());
    }
  }

  @Nested
  class Snapshots {
    @Test
    void iteratorsWalkTheStateOfTheirCreationAndRemoveFromTheLiveSet() {
      set.addAll(List.of("a", "b"));
      Iterator<String> it = set.iterator();
      set.add("c");
      assertEquals("a", it.next());
      it.remove();
      assertEquals("b", it.next());
      assertFalse(it.hasNext());
      assertEquals(Set.of("b", "c"), set);
    }
  }

  @Nested
  class SetContract {
    @Test
    void equalsHashCodeAndToStringMatchJavaUtilSets() {
      set.addAll(List.of("a", "b"));
      Set<String> expected = new HashSet<>(List.of("a", "b"));
      assertEquals(expected, set);
      assertEquals(set, expected);
      assertEquals(expected.hashCode(), set.hashCode());
      assertEquals("[a, b]", set.toString());
      assertTrue(set.containsAll(List.of("b", "a")));
    }

    @Test
    void nullsAreRejectedNamingTheParameter() {
      assertEquals("element", assertThrows(NullPointerException.class, () -> set.add(null)).getMessage());
      assertEquals("element", assertThrows(NullPointerException.class, () -> set.contains(null)).getMessage());
      assertTrue(set.isEmpty());
    }
  }
}
