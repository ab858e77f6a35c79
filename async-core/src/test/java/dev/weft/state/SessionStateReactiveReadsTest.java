package dev.weft.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Derived;
import dev.weft.Effect;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link SessionState} read reactively: computations over {@code get(path)} rerun on assignment. */
class SessionStateReactiveReadsTest {
  final Graph g = Graph.builder().name("session-test").build();
  final SessionState state =
      SessionState.create(g, Map.of("user", Map.of("name", "Ada", "age", 36), "other", 1));

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
  class WhatReruns {
    @Test
    void anEffectOverAPathRerunsWhenThePathOrAParentIsAssignedNotASibling() {
      Watch<Object> name = new Watch<>(() -> state.get("user.name"));
      state.set("user.name", "Grace");
      assertEquals(2, name.runs.get());
      assertEquals("Grace", name.last);
      state.set("user", Map.of("name", "Barbara"));
      assertEquals(3, name.runs.get());
      assertEquals("Barbara", name.last);
      state.set("other", 2);
      state.set("user.age", 40);
      state.set("users", Map.of());
      assertEquals(3, name.runs.get(), "siblings and look-alike keys rerun nothing");
      state.remove("user");
      assertEquals(4, name.runs.get());
      assertNull(name.last);
    }

    @Test
    void aReaderOfAParentRerunsWhenAPathBelowIsAssigned() {
      Watch<Object> user = new Watch<>(() -> state.get("user"));
      state.set("user.address.city", "Paris");
      assertEquals(2, user.runs.get());
      assertEquals("Paris", ((Map<?, ?>) ((Map<?, ?>) user.last).get("address")).get("city"));
      state.set("other", 3);
      assertEquals(2, user.runs.get());
    }

    @Test
    void theSnapshotRerunsOnEveryAssignment() {
      Watch<Map<String, Object>> all = new Watch<>(state::snapshot);
      state.set("other", 5);
      state.remove("user.age");
      assertEquals(3, all.runs.get());
      assertEquals(Map.of("user", Map.of("name", "Ada"), "other", 5), all.last);
    }

    @Test
    void anAssignmentReRunsReadersEvenWithAnEqualValue() {
      Watch<Object> name = new Watch<>(() -> state.get("user.name"));
      state.set("user.name", "Ada");
      assertEquals(2, name.runs.get(), "mutations are detected by assignment, like the mutation log");
    }

    @Test
    void aMissingPathReadRerunsWhenItIsCreated() {
      Watch<Object> theme = new Watch<>(() -> state.get("prefs.theme"));
      assertNull(theme.last);
      state.set("prefs", Map.of("theme", "dark"));
      assertEquals("dark", theme.last);
    }

    @Test
    void derivedValuesRecomputeAfterAnAssignment() {
      Derived<String> greeting = g.derived(() -> "Hello " + state.get("user.name"));
      assertEquals("Hello Ada", greeting.get());
      state.set("user.name", "Grace");
      assertEquals("Hello Grace", greeting.get());
    }

    @Test
    void assignmentsInOneBatchRerunEachReaderOnceWithAllOfThem() {
      Watch<String> both = new Watch<>(() -> state.get("user.name") + "/" + state.get("user.age"));
      g.batch(() -> {
        state.set("user.name", "Grace");
        state.set("user.age", 85);
      });
      assertEquals(2, both.runs.get());
      assertEquals("Grace/85", both.last);
    }

    @Test
    void effectsRerunBeforeTheMutationHandlersRun() {
      List<String> order = new ArrayList<>();
      g.effect(() -> order.add("effect " + state.get("user.name")));
      state.subscribeMutation(List.of("user.name"), e -> order.add("handler " + e.newValue()));
      state.set("user.name", "Grace");
      assertEquals(List.of("effect Ada", "effect Grace", "handler Grace"), order);
    }
  }

  @Nested
  class Tracking {
    @Test
    void plainAndUntrackedReadsCreateNoSignals() {
      LocalSessionState local = (LocalSessionState) state;
      state.get("user.name");
      state.snapshot();
      g.effect(() -> g.untracked(() -> state.get("user.age")));
      assertEquals(0, local.readerSignalCount());
      g.effect(() -> state.get("user.name"));
      assertEquals(1, local.readerSignalCount());
    }

    @Test
    void readsInsideAnotherGraphAreUntracked() {
      try (Graph other = Graph.create()) {
        AtomicInteger runs = new AtomicInteger();
        other.effect(() -> {
          state.get("user.name");
          runs.incrementAndGet();
        });
        state.set("user.name", "Grace");
        assertEquals(1, runs.get());
      }
    }

    @Test
    void theDefaultFactoriesUseTheGlobalGraph() {
      SessionState global = SessionState.create(Map.of("k", 1));
      AtomicInteger runs = new AtomicInteger();
      Effect e = Weft.effect(() -> {
        global.get("k");
        runs.incrementAndGet();
      });
      global.set("k", 2);
      e.dispose();
      assertEquals(2, runs.get());
      assertEquals("graph", assertThrows(NullPointerException.class,
          () -> SessionState.create(null, Map.of())).getMessage());
    }
  }

  @Nested
  class Errors {
    @Test
    void anEffectErrorReachesTheAssignerAfterTheValueIsStoredAndHandlersRan() {
      List<Object> handled = new ArrayList<>();
      state.subscribeMutation(List.of("user.name"), e -> handled.add(e.newValue()));
      g.effect(() -> {
        if ("boom".equals(state.get("user.name"))) {
          throw new IllegalArgumentException("effect failed");
        }
      });
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> state.set("user.name", "boom"));
      assertEquals("effect failed", e.getMessage());
      assertEquals("boom", state.get("user.name"));
      assertEquals(List.of("boom"), handled);
      assertEquals(Map.of("+user.name", "boom"), state.drainMutations());
    }

    @Test
    void aRefusedStoreChangesNothingAndRerunsNobody() {
      Watch<Object> name = new Watch<>(() -> state.get("user.name"));
      assertThrows(IllegalArgumentException.class, () -> state.set("user.name.first", "x"));
      assertEquals(1, name.runs.get());
      assertEquals(Map.of(), state.drainMutations());
    }

    @Test
    void anAssignmentInsideAnotherGraphsComputationRerunsReadersWhenItEnds() {
      Watch<Object> name = new Watch<>(() -> state.get("user.name"));
      try (Graph other = Graph.create()) {
        Signal<String> source = other.signal("Ada");
        other.effect(() -> state.set("user.name", source.get()));
        source.set("Grace");
        assertEquals("Grace", name.last);
        assertEquals(3, name.runs.get(), "first run, the effect's first assignment, then Grace");
      }
    }
  }

  @Nested
  class Threads {
    @Test
    void everyEffectRunSeesBothHalvesOfABatchedPair() throws InterruptedException {
      state.set("pair", Map.of("a", 100, "b", 0));
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger lastA = new AtomicInteger();
      g.effect(() -> {
        int a = (Integer) state.get("pair.a");
        int b = (Integer) state.get("pair.b");
        if (a + b != 100) {
          violations.add(a + "+" + b);
        }
        lastA.set(a);
      });
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        boolean whole = w % 2 == 0;
        writers.add(Thread.ofPlatform().start(() -> {
          try {
            start.await();
            for (int i = 0; i < 1_000; i++) {
              int a = ThreadLocalRandom.current().nextInt(101);
              if (whole) {
                state.set("pair", Map.of("a", a, "b", 100 - a));
              } else {
                g.batch(() -> {
                  state.set("pair.a", a);
                  state.set("pair.b", 100 - a);
                });
              }
            }
          } catch (Throwable t) {
            violations.add(t.toString());
          }
        }));
      }
      start.countDown();
      for (Thread t : writers) {
        assertTrue(t.join(Duration.ofMinutes(1)));
      }
      List<String> all = List.copyOf(violations);
      assertTrue(all.isEmpty(), all.size() + " violations, first: " + all.subList(0, Math.min(5, all.size())));
      assertEquals(state.get("pair.a"), lastA.get(), "the last effect run saw the final state");
    }

    @Test
    void readersThatStartWhileAnotherThreadAssignsNeverMissTheAssignment() throws InterruptedException {
      for (int round = 0; round < 200; round++) {
        String path = "race" + round;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger(-1);
        Effect[] effect = new Effect[1];
        Thread reader = Thread.ofPlatform().start(() -> {
          awaitQuietly(start);
          effect[0] = g.effect(() -> {
            Object v = state.get(path);
            seen.set(v == null ? 0 : (Integer) v);
          });
        });
        Thread writer = Thread.ofPlatform().start(() -> {
          awaitQuietly(start);
          state.set(path, 1);
        });
        start.countDown();
        assertTrue(reader.join(Duration.ofSeconds(30)));
        assertTrue(writer.join(Duration.ofSeconds(30)));
        assertEquals(1, seen.get(), "round " + round + ": the effect's last run saw the assignment");
        effect[0].dispose();
      }
    }
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
