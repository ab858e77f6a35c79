package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReactiveListTest {
  final Graph g = Graph.builder().name("list-test").build();
  final ReactiveList<String> list = g.reactiveList();

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

  /** Reads index {@code i}, or "-" when it does not exist. */
  String at(int i) {
    try {
      return list.get(i);
    } catch (IndexOutOfBoundsException e) {
      return "-";
    }
  }

  @Nested
  class PerIndexTracking {
    @Test
    void aReaderOfOneIndexIgnoresWritesToOthers() {
      list.addAll(List.of("a", "b", "c"));
      Watch<String> first = new Watch<>(() -> list.get(0));
      list.set(2, "C");
      list.add("d");
      list.remove(3);
      assertEquals(1, first.runs.get());
      list.set(0, "A");
      assertEquals("A", first.last);
      assertEquals(2, first.runs.get());
    }

    @Test
    void shiftsRerunTheIndicesWhoseElementChanged() {
      list.addAll(List.of("a", "b", "b"));
      Watch<String> zero = new Watch<>(() -> at(0));
      Watch<String> one = new Watch<>(() -> at(1));
      Watch<String> two = new Watch<>(() -> at(2));
      list.remove(0); // [b, b]: index 0 a->b, index 1 b->b, index 2 b->gone
      assertEquals(2, zero.runs.get());
      assertEquals(1, one.runs.get(), "index 1 holds an equal element after the shift");
      assertEquals(2, two.runs.get());
      assertEquals("-", two.last);
      list.add("x"); // index 2 comes into range
      assertEquals("x", two.last);
      assertEquals(2, zero.runs.get());
    }

    @Test
    void anIndexReadOutOfRangeRerunsWhenItAppears() {
      Watch<String> zero = new Watch<>(() -> at(0));
      assertEquals("-", zero.last);
      list.add("a");
      assertEquals("a", zero.last);
      assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
    }
  }

  @Nested
  class EqualElements {
    @Test
    void notifyNobody() {
      list.addAll(List.of("a", "b", "c"));
      Watch<String> zero = new Watch<>(() -> list.get(0));
      Watch<String> all = new Watch<>(list::toString);
      Watch<Integer> size = new Watch<>(list::size);
      assertEquals("a", list.set(0, "a"));
      list.sort(Comparator.naturalOrder());
      list.replaceAll(s -> s);
      assertFalse(list.removeIf(s -> s.isEmpty()));
      assertEquals(1, zero.runs.get());
      assertEquals(1, all.runs.get());
      assertEquals(1, size.runs.get());
    }
  }

  @Nested
  class Batches {
    @Test
    void bulkOperationsFlushOnce() {
      List<String> seen = new ArrayList<>();
      g.effect(() -> seen.add(list.toString()));
      list.addAll(List.of("c", "a", "b"));
      list.sort(null);
      list.subList(0, 2).clear();
      g.batch(() -> {
        list.add("x");
        list.add(0, "y");
      });
      assertEquals(List.of("[]", "[c, a, b]", "[a, b, c]", "[c]", "[y, c, x]"), seen);
    }
  }

  @Nested
  class StructureTracking {
    @Test
    void sizeFollowsTheSizeAndIterationFollowsEveryChange() {
      list.add("a");
      Watch<Integer> size = new Watch<>(list::size);
      Watch<List<String>> all = new Watch<>(() -> new ArrayList<>(list));
      Watch<Boolean> hasB = new Watch<>(() -> list.contains("b"));
      list.set(0, "b");
      assertEquals(1, size.runs.get());
      assertEquals(List.of("b"), all.last);
      assertTrue(hasB.last);
      list.add("c");
      assertEquals(2, size.last);
      assertEquals(List.of("b", "c"), all.last);
    }
  }

  @Nested
  class Snapshots {
    @Test
    void iteratorsWalkTheStateOfTheirCreationAndCannotModify() {
      list.addAll(List.of("a", "b"));
      Iterator<String> it = list.iterator();
      list.clear();
      list.add("z");
      List<String> seen = new ArrayList<>();
      it.forEachRemaining(seen::add);
      assertEquals(List.of("a", "b"), seen);
      ListIterator<String> li = list.listIterator();
      li.next();
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, li::remove);
      assertTrue(e.getMessage().contains("snapshot"));
    }

    @Test
    void subListsAreLiveIndexViews() {
      list.addAll(List.of("a", "b", "c", "d"));
      List<String> middle = list.subList(1, 3);
      assertEquals(List.of("b", "c"), middle);
      middle.set(0, "B");
      middle.add("x");
      assertEquals(List.of("a", "B", "c", "x", "d"), list);
      list.add(0, "shifted"); // not through the view: no ConcurrentModificationException
      assertEquals(List.of("a", "B", "c"), middle);
    }
  }

  @Nested
  class ListContract {
    @Test
    void equalsHashCodeToStringAndSearchMatchArrayList() {
      list.addAll(List.of("a", "b", "a"));
      List<String> expected = new ArrayList<>(List.of("a", "b", "a"));
      assertEquals(expected, list);
      assertEquals(list, expected);
      assertEquals(expected.hashCode(), list.hashCode());
      assertEquals(expected.toString(), list.toString());
      assertEquals(2, list.lastIndexOf("a"));
      assertEquals(1, list.indexOf("b"));
      assertEquals("a", list.getFirst());
      assertEquals("a", list.getLast());
      assertEquals("a", list.removeLast());
      assertEquals(List.of("b", "a"), list.reversed());
      assertTrue(list.remove("a"));
      assertEquals(List.of("b"), list);
    }

    @Test
    void indexErrorsAndNullsAreRejectedBeforeAnythingChanges() {
      list.add("a");
      assertThrows(IndexOutOfBoundsException.class, () -> list.add(3, "x"));
      assertThrows(IndexOutOfBoundsException.class, () -> list.set(1, "x"));
      assertThrows(IndexOutOfBoundsException.class, () -> list.remove(1));
      assertEquals("element", assertThrows(NullPointerException.class, () -> list.add(null)).getMessage());
      List<String> withNull = new ArrayList<>();
      withNull.add("ok");
      withNull.add(null);
      assertThrows(NullPointerException.class, () -> list.addAll(withNull));
      assertThrows(ArithmeticException.class, () -> list.replaceAll(s -> s + (1 / 0)));
      assertEquals(List.of("a"), list);
      list.clear();
      assertThrows(java.util.NoSuchElementException.class, list::getFirst);
      assertThrows(java.util.NoSuchElementException.class, list::removeFirst);
    }
  }

  @Nested
  class IndexNodeMemory {
    @Test
    void nodesOfIndicesPastTheEndGoWhenNobodyWatches() {
      LocalReactiveList<String> local = (LocalReactiveList<String>) list;
      list.addAll(List.of("a", "b", "c"));
      Derived<String> last = g.derived(() -> list.get(2));
      assertEquals("c", last.get());
      assertEquals(1, local.indexNodeCount());
      list.remove(2);
      assertEquals(0, local.indexNodeCount());
      list.add("C");
      assertEquals("C", last.get());
      Effect e = g.effect(() -> at(0));
      assertEquals(2, local.indexNodeCount());
      e.dispose();
      assertEquals(1, local.indexNodeCount());
    }
  }
}
