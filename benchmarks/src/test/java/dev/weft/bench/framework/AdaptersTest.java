package dev.weft.bench.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdaptersTest {

  /** Libraries whose adapter runs effects once per write even inside withBatch. */
  static final Set<String> UNBATCHED = Set.of("javafx", "rxjava", "reactor");

  static List<String> frameworks() {
    return Frameworks.available();
  }

  @Nested
  class SourcesAndComputeds {
    @ParameterizedTest
    @MethodSource("dev.weft.bench.framework.AdaptersTest#frameworks")
    void aComputedFollowsItsSource(String name) {
      ReactiveFramework fw = Frameworks.create(name);
      Source<Integer> a = fw.signal(1);
      Computed<Integer> doubled = fw.computed(() -> a.read() * 2);
      assertEquals(2, doubled.read());
      fw.withBatch(() -> a.write(5));
      assertEquals(5, a.read());
      assertEquals(10, doubled.read());
      fw.cleanup();
    }
  }

  @Nested
  class Effects {
    @ParameterizedTest
    @MethodSource("dev.weft.bench.framework.AdaptersTest#frameworks")
    void runOnCreationAndAfterAChange(String name) {
      ReactiveFramework fw = Frameworks.create(name);
      Source<Integer> a = fw.signal(1);
      Computed<Integer> plusOne = fw.computed(() -> a.read() + 1);
      List<Integer> seen = new ArrayList<>();
      fw.effect(() -> seen.add(plusOne.read()));
      fw.withBatch(() -> a.write(2));
      assertEquals(List.of(2, 3), seen);
      fw.cleanup();
    }

    @ParameterizedTest
    @MethodSource("dev.weft.bench.framework.AdaptersTest#frameworks")
    void stopAfterCleanup(String name) {
      ReactiveFramework fw = Frameworks.create(name);
      Source<Integer> a = fw.signal(1);
      List<Integer> seen = new ArrayList<>();
      fw.effect(() -> seen.add(a.read()));
      fw.cleanup();
      fw.withBatch(() -> a.write(2));
      assertEquals(List.of(1), seen);
    }

    @ParameterizedTest
    @MethodSource("dev.weft.bench.framework.AdaptersTest#frameworks")
    void runOncePerBatchWhereTheLibraryBatches(String name) {
      ReactiveFramework fw = Frameworks.create(name);
      Source<Integer> a = fw.signal(0);
      Source<Integer> b = fw.signal(0);
      List<Integer> seen = new ArrayList<>();
      fw.effect(() -> seen.add(a.read() + b.read()));
      fw.withBatch(
          () -> {
            a.write(1);
            b.write(2);
          });
      assertEquals(UNBATCHED.contains(name) ? List.of(0, 1, 3) : List.of(0, 3), seen);
      fw.cleanup();
    }
  }

  @Nested
  class Registry {
    @Test
    void namesWeftFirst() {
      assertEquals("weft", Frameworks.NAMES.getFirst());
      for (String name : Frameworks.available()) {
        assertEquals(name, Frameworks.create(name).name());
      }
    }

    @Test
    void rejectsUnknownNamesListingTheKnownOnes() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Frameworks.create("mobx"));
      assertTrue(e.getMessage().contains("rxjava"), e.getMessage());
    }
  }

  @Nested
  class ReadSets {
    @Test
    void keepDistinctReadsInFirstReadOrder() {
      ReadSet set = new ReadSet();
      set.begin(new Object[0]);
      Object a = new Object();
      Object b = new Object();
      set.add(a);
      set.add(b);
      set.add(a);
      assertEquals(List.of(a, b), List.of(set.toArray(new Object[0])));
    }

    @Test
    void recognizeARerunReadingTheSameDependencies() {
      Object a = new Object();
      Object b = new Object();
      ReadSet set = new ReadSet();
      set.begin(new Object[] {a, b});
      set.add(a);
      set.add(a);
      set.add(b);
      assertTrue(set.unchanged());
    }

    @Test
    void noticeADifferentOrderOrADroppedDependency() {
      Object a = new Object();
      Object b = new Object();
      ReadSet set = new ReadSet();
      set.begin(new Object[] {a, b});
      set.add(b);
      set.add(a);
      assertEquals(false, set.unchanged());
      assertEquals(List.of(b, a), List.of(set.toArray(new Object[0])));
      set.begin(new Object[] {a, b});
      set.add(a);
      assertEquals(false, set.unchanged());
      assertEquals(List.of(a), List.of(set.toArray(new Object[0])));
    }

    @Test
    void handleManyDistinctReads() {
      ReadSet set = new ReadSet();
      set.begin(new Object[0]);
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        items.add(new Object());
      }
      items.forEach(set::add);
      items.forEach(set::add);
      assertEquals(items, List.of(set.toArray(new Object[0])));
    }
  }

  @Nested
  class Budgets {
    @Test
    void abandonAWriteOverTheLimitUntilReset() {
      PropagationBudget budget = new PropagationBudget("lib");
      budget.startWrite();
      assertTrue(budget.tryCharge(PropagationBudget.LIMIT));
      assertEquals(false, budget.tryCharge(1));
      IllegalStateException e = assertThrows(IllegalStateException.class, budget::throwIfFailed);
      assertTrue(e.getMessage().startsWith("lib: one write took more than"), e.getMessage());
      budget.startWrite();
      assertEquals(false, budget.tryCharge(1), "the failure is sticky until reset");
      budget.reset();
      assertTrue(budget.tryCharge(1));
    }

    @Test
    void keepTheFirstErrorALibraryReported() {
      PropagationBudget budget = new PropagationBudget("lib");
      budget.recordError(new IllegalArgumentException("first"));
      budget.recordError(new IllegalArgumentException("second"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, budget::throwIfFailed);
      assertEquals("first", e.getMessage());
    }

    @Test
    void stopAnExponentialPropagation() {
      // 30 layers of diamonds: about 2^30 glitchy re-propagations without the budget
      ReactiveFramework fw = Frameworks.create("rxjava");
      Source<Integer> head = fw.signal(0);
      Computed<Integer> left = head;
      Computed<Integer> right = head;
      for (int i = 0; i < 30; i++) {
        Computed<Integer> l = left;
        Computed<Integer> r = right;
        left = fw.computed(() -> l.read() + r.read());
        right = fw.computed(() -> l.read() - r.read());
      }
      Computed<Integer> end = left;
      fw.effect(end::read);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> fw.withBatch(() -> head.write(1)));
      assertTrue(e.getMessage().startsWith("rxjava: one write took more than"), e.getMessage());
      fw.cleanup();
    }
  }

  @Nested
  class PushReadsOfLibrariesWithoutTracking {
    @Test
    void discoverDistinctReadsAndEvaluateWithDeliveredValues() {
      PushReads reads = new PushReads();
      Node a = new Node(reads, 1);
      Node b = new Node(reads, 2);
      PushReads.Discovered<Integer> first = reads.discover(() -> a.read() + b.read() + a.read());
      assertEquals(4, first.value());
      assertEquals(List.of(a, b), List.of(first.deps()));
      assertEquals(30, reads.evaluate(() -> a.read() + b.read(), first.deps(), new Object[] {10, 20}));
    }

    @Test
    void answerAnUndeclaredReadWithTheCurrentValue() {
      PushReads reads = new PushReads();
      Node a = new Node(reads, 1);
      Node c = new Node(reads, 7);
      PushNode<?>[] deps = {a};
      assertEquals(17, reads.evaluate(() -> a.read() + c.read(), deps, new Object[] {10}));
    }

    private static final class Node extends PushNode<Integer> {
      private final int value;

      Node(PushReads reads, int value) {
        super(reads);
        this.value = value;
      }

      @Override
      Integer current() {
        return value;
      }
    }
  }
}
