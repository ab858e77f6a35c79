package dev.weft.state;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Graph;
import dev.weft.Subscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SessionStateTest {

  /** A map that allows null values, in insertion order. */
  static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Nested
  class Paths {
    @Test
    void setAndGetNestedValuesCreatingMapsOnTheWay() {
      SessionState s = SessionState.create();
      s.set("user.profile.name", "Ada");
      assertEquals("Ada", s.get("user.profile.name"));
      assertEquals(Map.of("name", "Ada"), s.get("user.profile"));
      assertEquals(Map.of("user", Map.of("profile", Map.of("name", "Ada"))), s.snapshot());
      assertNull(s.get("user.missing"));
      assertNull(s.get("user.profile.name.deeper"), "a key below a non-map value has no value");
    }

    @Test
    void aLiteralDotIsAnEscapedKey() {
      SessionState s = SessionState.create(Map.of("files", Map.of("a.txt", 3)));
      assertEquals(3, s.get("files.a\\.txt"));
      assertNull(s.get("files.a.txt"));
      s.set(SessionState.path("files", "b.txt"), 4);
      assertEquals(Map.of("a.txt", 3, "b.txt", 4), s.get("files"));
      assertEquals(Map.of("+files.b\\.txt", 4), s.drainMutations());
    }

    @Test
    void malformedPathsAreRejectedBeforeAnythingChanges() {
      SessionState s = SessionState.create(Map.of("a", 1));
      for (String bad : List.of("", "a.", ".a", "a..b", "a\\q")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set(bad, 2));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.remove(bad));
        assertThrows(IllegalArgumentException.class, () -> s.get(bad));
      }
      assertEquals(Map.of("a", 1), s.snapshot());
      assertEquals(Map.of(), s.drainMutations());
    }

    @Test
    void settingBelowANonMapValueFailsWithoutPartialState() {
      SessionState s = SessionState.create(Map.of("a", Map.of("b", "leaf")));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> s.set("a.b.c.d", 1));
      assertTrue(e.getMessage().contains("'a.b'"), e.getMessage());
      assertEquals(Map.of("a", Map.of("b", "leaf")), s.snapshot());
      assertEquals(Map.of(), s.pendingMutations());
    }

    @Test
    void nullArgumentsNameTheParameter() {
      SessionState s = SessionState.create();
      assertEquals("path", assertThrows(NullPointerException.class, () -> s.get(null)).getMessage());
      assertEquals("initial", assertThrows(NullPointerException.class, () -> SessionState.create(null)).getMessage());
      assertEquals(
          "handler",
          assertThrows(NullPointerException.class, () -> s.subscribeMutation(List.of("a"), null)).getMessage());
    }
  }

  @Nested
  class Values {
    @Test
    void mapsAreCopiedInAndSnapshottedOut() {
      Map<String, Object> mine = new HashMap<>();
      mine.put("x", 1);
      SessionState s = SessionState.create();
      s.set("m", mine);
      mine.put("x", 2); // the caller's map is not the state's
      assertEquals(1, s.get("m.x"));
      @SuppressWarnings("unchecked")
      Map<String, Object> read = (Map<String, Object>) s.get("m");
      assertThrows(UnsupportedOperationException.class, () -> read.put("y", 3));
      s.set("m.y", 3);
      assertEquals(Map.of("x", 1), read, "a snapshot does not follow later writes");
    }

    @Test
    void nullIsAValueRemoveDropsTheKey() {
      SessionState s = SessionState.create();
      s.set("a", null);
      assertTrue(s.snapshot().containsKey("a"));
      s.remove("a");
      assertFalse(s.snapshot().containsKey("a"));
    }

    @Test
    void nonStringMapKeysAreRejected() {
      SessionState s = SessionState.create();
      Map<Object, Object> bad = new HashMap<>();
      bad.put(1, "one");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set("m", bad));
      assertTrue(e.getMessage().contains("'m'"), e.getMessage());
      assertEquals(Map.of(), s.snapshot());
    }

    @Test
    void otherValuesAreStoredByReference() {
      List<String> list = new ArrayList<>();
      SessionState s = SessionState.create();
      s.set("l", list);
      assertSame(list, s.get("l"));
    }
  }

  @Nested
  class Mutations {
    @Test
    void setRecordsPlusRemoveRecordsMinusAndDrainClears() {
      SessionState s = SessionState.create(Map.of("best_feature", "x"));
      s.set("age", 2);
      s.remove("best_feature");
      assertEquals(ordered("+age", 2, "-best_feature", null), s.drainMutations());
      assertEquals(Map.of(), s.drainMutations());
    }

    @Test
    void everyAssignmentCountsEvenOfAnEqualValue() {
      SessionState s = SessionState.create(Map.of("a", 1));
      s.set("a", 1);
      s.remove("never-there");
      assertEquals(ordered("+a", 1, "-never-there", null), s.drainMutations());
    }

    @Test
    void theLogKeepsTheLastAssignmentPerPathInOrderSoReplayReproducesTheState() {
      SessionState s = SessionState.create();
      s.set("a", Map.of("x", 1));
      s.set("b", 1);
      s.set("a.y", 2);
      s.remove("b");
      s.set("a", Map.of("z", 3)); // moves after a.y: replaying in order gives {z: 3}
      Map<String, Object> log = s.drainMutations();
      assertEquals(List.of("+a.y", "-b", "+a"), new ArrayList<>(log.keySet()));
      assertEquals(Map.of("z", 3), log.get("+a"));
      SessionState replay = SessionState.create();
      log.forEach(
          (k, v) -> {
            if (k.startsWith("+")) {
              replay.set(k.substring(1), v);
            } else {
              replay.remove(k.substring(1));
            }
          });
      assertEquals(s.snapshot(), replay.snapshot());
    }

    @Test
    void recordedMapsAreSnapshotsOfTheirTime() {
      SessionState s = SessionState.create();
      s.set("a", Map.of("x", 1));
      s.set("a.x", 2);
      Map<String, Object> log = s.pendingMutations();
      assertEquals(Map.of("x", 1), log.get("+a"));
      assertEquals(2, log.get("+a.x"));
      assertEquals(log, s.drainMutations(), "pendingMutations does not clear");
    }
  }

  @Nested
  class Handlers {
    @Test
    void runSynchronouslyAfterTheValueIsStoredWithPreviousAndNewValues() {
      SessionState s = SessionState.create(Map.of("count", 1));
      List<MutationEvent> events = new ArrayList<>();
      List<Object> seenInside = new ArrayList<>();
      Thread caller = Thread.currentThread();
      s.subscribeMutation(
          List.of("count"),
          e -> {
            assertSame(caller, Thread.currentThread());
            events.add(e);
            seenInside.add(e.state().get("count"));
          });
      s.set("count", 2);
      assertEquals(List.of(new MutationEvent("count", 1, 2, s)), events, "ran before set returned");
      assertEquals(List.of(2), seenInside, "the value was stored before the handler ran");
      s.remove("count");
      assertEquals(new MutationEvent("count", 2, null, s), events.get(1));
    }

    @Test
    void matchTheSamePathPathsBelowAndPathsAboveButNotSiblings() {
      SessionState s = SessionState.create();
      List<String> fired = new ArrayList<>();
      s.subscribeMutation(List.of("user.name"), e -> fired.add(e.path()));
      s.set("user.name", Map.of("first", "a")); // exact
      s.set("user.name.first", "b"); // below
      s.set("user", Map.of("name", "c")); // above: the subtree was replaced
      s.set("user.age", 3); // sibling
      s.set("username", 4); // a different key, not a prefix
      assertEquals(List.of("user.name", "user.name.first", "user"), fired);
    }

    @Test
    void disposedHandlersStopAndSeveralPathsShareOneHandler() {
      SessionState s = SessionState.create();
      List<String> fired = new ArrayList<>();
      Subscription sub = s.subscribeMutation(List.of("a", "b"), e -> fired.add(e.path()));
      s.set("a", 1);
      s.set("b", 1);
      sub.dispose();
      assertTrue(sub.isDisposed());
      s.set("a", 2);
      assertEquals(List.of("a", "b"), fired);
    }

    @Test
    void aThrowingHandlerLetsTheOthersRunAndIsRethrownWithTheValueStored() {
      SessionState s = SessionState.create();
      List<String> ran = new CopyOnWriteArrayList<>();
      s.subscribeMutation(List.of("a"), e -> { throw new IllegalStateException("first"); });
      s.subscribeMutation(List.of("a"), e -> ran.add("second"));
      s.subscribeMutation(List.of("a"), e -> { throw new IOException("third"); });
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.set("a", 1));
      assertEquals("first", e.getMessage());
      assertInstanceOf(IOException.class, e.getSuppressed()[0]);
      assertEquals(List.of("second"), ran);
      assertEquals(1, s.get("a"));
      assertEquals(Map.of("+a", 1), s.drainMutations());
    }

    @Test
    void aCheckedExceptionIsWrappedNamingThePath() {
      SessionState s = SessionState.create();
      s.subscribeMutation(List.of("a"), e -> { throw new IOException("disk"); });
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.set("a", 1));
      assertTrue(e.getMessage().contains("'a'"), e.getMessage());
      assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void rejectEmptyOrMalformedPathLists() {
      SessionState s = SessionState.create();
      assertThrows(IllegalArgumentException.class, () -> s.subscribeMutation(List.of(), e -> {}));
      assertThrows(IllegalArgumentException.class, () -> s.subscribeMutation(List.of("a."), e -> {}));
    }

    @Test
    void theSessionLockIsNotHeldWhileAHandlerRuns() throws Exception {
      SessionState s = SessionState.create();
      CountDownLatch inHandler = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      s.subscribeMutation(
          List.of("slow"),
          e -> {
            inHandler.countDown();
            release.await();
          });
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> s.set("slow", 1), r -> Thread.ofVirtual().start(r));
      inHandler.await();
      // Another thread reads and writes while the handler blocks.
      CompletableFuture<Object> other =
          CompletableFuture.supplyAsync(
              () -> {
                s.set("other", 2);
                return s.get("slow");
              },
              r -> Thread.ofVirtual().start(r));
      assertEquals(1, other.get(5, SECONDS));
      release.countDown();
      writer.get(5, SECONDS);
    }
  }

  @Nested
  class Cascades {
    @Test
    void aHandlerMayAssignAndItsHandlersRunNested() {
      SessionState s = SessionState.create();
      s.subscribeMutation(List.of("celsius"), e -> e.state().set("fahrenheit", (int) e.newValue() * 9 / 5 + 32));
      List<Object> seen = new ArrayList<>();
      s.subscribeMutation(List.of("fahrenheit"), e -> seen.add(e.newValue()));
      s.set("celsius", 100);
      assertEquals(212, s.get("fahrenheit"));
      assertEquals(List.of(212), seen);
      assertEquals(ordered("+celsius", 100, "+fahrenheit", 212), s.drainMutations());
    }

    @Test
    void exactly128NestedCascadesAreAllowed() {
      SessionState s = SessionState.create();
      s.subscribeMutation(
          List.of("n"),
          e -> {
            int n = (int) e.newValue();
            if (n < SessionState.MAX_CASCADE_DEPTH) {
              e.state().set("n", n + 1);
            }
          });
      s.set("n", 0);
      assertEquals(128, s.get("n"));
    }

    @Test
    void exactly128NestedCascadesKeepEveryAssignment() {
      SessionState s = SessionState.create();
      s.subscribeMutation(
          List.of("n"), // runs for every "n.k" below it
          e -> {
            int k = (int) e.newValue();
            if (k < SessionState.MAX_CASCADE_DEPTH) {
              e.state().set("n." + (k + 1), k + 1);
            }
          });
      s.set("n.0", 0);
      assertEquals(129, ((Map<?, ?>) s.get("n")).size());
      assertEquals(128, s.get("n.128"));
      Map<String, Object> log = s.drainMutations();
      assertEquals(129, log.size());
      assertEquals(128, log.get("+n.128"));
    }

    /** Subscribes ping → pong → ping …: a cycle that hits the depth limit. */
    private void pingPong(SessionState s) {
      s.subscribeMutation(List.of("ping"), e -> e.state().set("pong", (int) e.newValue() + 1));
      s.subscribeMutation(List.of("pong"), e -> e.state().set("ping", (int) e.newValue() + 1));
    }

    @Test
    void aCycleThrowsAndUndoesEveryAssignmentOfTheCascade() {
      SessionState s = SessionState.create();
      pingPong(s);
      MutationCycleException e = assertThrows(MutationCycleException.class, () -> s.set("ping", 0));
      assertInstanceOf(IllegalStateException.class, e);
      assertTrue(e.getMessage().contains("128"), e.getMessage());
      assertTrue(e.getMessage().contains("Nothing was kept"), e.getMessage());
      assertTrue(e.getMessage().contains("129 assignment(s)"), e.getMessage());
      assertTrue(e.getMessage().contains("set 'ping'"), e.getMessage());
      assertInstanceOf(MutationCycleException.class, e.getCause());
      assertNull(s.get("ping"));
      assertNull(s.get("pong"));
      assertEquals(Map.of(), s.snapshot());
      assertEquals(Map.of(), s.drainMutations());
      // The depth unwound: the session works normally afterwards.
      s.set("other", 1);
      assertEquals(ordered("+other", 1), s.drainMutations());
    }

    @Test
    void aCycleRestoresEarlierValuesAndKeepsEarlierRecordsInTheirPlace() {
      SessionState s = SessionState.create(Map.of("pong", "before"));
      s.set("ping", -1);
      s.set("unrelated", "kept");
      pingPong(s); // subscribed after the writes above: they started no cascade
      s.remove("gone"); // an unrelated record after ping's
      assertThrows(MutationCycleException.class, () -> s.set("ping", 0));
      assertEquals(-1, s.get("ping"));
      assertEquals("before", s.get("pong"));
      assertEquals("kept", s.get("unrelated"));
      assertEquals(
          ordered("+ping", -1, "+unrelated", "kept", "-gone", null), s.pendingMutations());
    }

    @Test
    void recordsDrainedDuringTheCascadeStayHandedOutAndAreNotPutBack() {
      SessionState s = SessionState.create();
      s.set("n", -1);
      List<Map<String, Object>> drained = new ArrayList<>();
      s.subscribeMutation(
          List.of("n"),
          e -> {
            int n = (int) e.newValue();
            if (n == 5) {
              drained.add(s.drainMutations());
            }
            e.state().set("n", n + 1);
          });
      assertThrows(MutationCycleException.class, () -> s.set("n", 0));
      assertEquals(List.of(ordered("+n", 5)), drained);
      assertEquals(-1, s.get("n"));
      assertEquals(Map.of(), s.pendingMutations()); // neither "+n": 5 (drained) nor "+n": -1 (drained)
    }

    @Test
    void aRemovalThatStartsACycleIsUndoneToo() {
      SessionState s = SessionState.create(Map.of("ping", 5));
      s.subscribeMutation(
          List.of("ping"), e -> e.state().set("pong", e.newValue() == null ? 0 : (int) e.newValue() + 1));
      s.subscribeMutation(List.of("pong"), e -> e.state().set("ping", (int) e.newValue() + 1));
      MutationCycleException e = assertThrows(MutationCycleException.class, () -> s.remove("ping"));
      assertTrue(e.getMessage().contains("remove 'ping'"), e.getMessage());
      assertEquals(Map.of("ping", 5), s.snapshot());
      assertEquals(Map.of(), s.pendingMutations());
    }

    @Test
    void mapsTheCascadeCreatedOnTheWayAreRemovedAndReplacedMapsComeBack() {
      SessionState s = SessionState.create(Map.of("user", Map.of("name", "Ada")));
      s.subscribeMutation(
          List.of("tick"),
          e -> {
            e.state().set("deep.a.b", 1); // creates deep and deep.a
            e.state().set("user", Map.of("name", "Grace")); // replaces the map node
            e.state().set("user.age", 36);
            e.state().set("tick", (int) e.newValue() + 1); // cycles
          });
      assertThrows(MutationCycleException.class, () -> s.set("tick", 0));
      assertEquals(Map.of("user", Map.of("name", "Ada")), s.snapshot());
      assertEquals(Map.of(), s.pendingMutations());
    }

    @Test
    void anEffectReadingACyclingPathEndsOnTheRestoredValue() {
      Graph g = Graph.builder().name("cascade-undo").build();
      try {
        SessionState s = SessionState.create(g, Map.of("ping", "start"));
        pingPong(s);
        List<Object> seen = new CopyOnWriteArrayList<>();
        g.effect(() -> seen.add(String.valueOf(s.get("ping"))));
        assertThrows(MutationCycleException.class, () -> s.set("ping", 0));
        assertEquals("start", seen.getLast());
        assertTrue(seen.size() > 2, "the effect reran during the cascade too: " + seen.size());
        assertEquals("start", g.derived(() -> s.get("ping")).get());
      } finally {
        g.close();
      }
    }

    @Test
    void aCycleAcrossTwoSessionsIsUndoneInBoth() {
      SessionState a = SessionState.create();
      SessionState b = SessionState.create(Map.of("x", "b-before"));
      a.subscribeMutation(List.of("x"), e -> b.set("x", (int) e.newValue() + 1));
      b.subscribeMutation(List.of("x"), e -> a.set("x", (int) e.newValue() + 1));
      assertThrows(MutationCycleException.class, () -> a.set("x", 0));
      assertEquals(Map.of(), a.snapshot());
      assertEquals(Map.of("x", "b-before"), b.snapshot());
      assertEquals(Map.of(), a.pendingMutations());
      assertEquals(Map.of(), b.pendingMutations());
    }

    @Test
    void aHandlerThatCatchesTheCycleStopsItAndEverythingIsKept() {
      SessionState s = SessionState.create();
      pingPong(s);
      s.subscribeMutation(
          List.of("start"),
          e -> {
            try {
              e.state().set("ping", 0);
            } catch (MutationCycleException expected) {
              e.state().set("caught", true);
            }
          });
      s.set("start", 1);
      assertEquals(true, s.get("caught"));
      // The assignment at depth d stores d - 1: depth 1..128 stayed stored, nobody rolled back.
      assertEquals(126, s.get("ping"));
      assertEquals(127, s.get("pong"));
    }

    @Test
    void otherHandlerErrorsKeepTheirAssignments() {
      SessionState s = SessionState.create();
      s.subscribeMutation(
          List.of("a"),
          e -> {
            e.state().set("b", 1);
            throw new IllegalStateException("handler failed");
          });
      assertThrows(IllegalStateException.class, () -> s.set("a", 0));
      assertEquals(Map.of("a", 0, "b", 1), s.snapshot());
      assertEquals(ordered("+a", 0, "+b", 1), s.pendingMutations());
    }

    @Test
    void aCycleStartedByAnEventRuntimeHandlerFailsTheRunAndUndoesItsCascade() throws Exception {
      try (EventRuntime runtime =
          EventRuntime.builder()
              .handler(
                  "serve",
                  e -> {
                    e.state().set("served", true); // its own assignment, no cascade: kept
                    e.state().set("ping", 0);
                    return "unreachable";
                  })
              .build()) {
        SessionState s = SessionState.create(Map.of("pong", "before"));
        pingPong(s);
        DispatchResult r = runtime.dispatch(s, "serve").result().get(5, SECONDS);
        assertFalse(r.ok());
        assertInstanceOf(MutationCycleException.class, r.failure());
        assertEquals(Map.of("pong", "before", "served", true), s.snapshot());
        assertEquals(Map.of("+served", true), r.mutations());
        assertEquals(Map.of("+served", true), s.pendingMutations());
      }
    }

    @Test
    void anotherThreadsWriteToACascadePathDuringTheCascadeIsKept() throws Exception {
      SessionState s = SessionState.create(Map.of("shared", "before"));
      CountDownLatch cascadeWroteShared = new CountDownLatch(1);
      CountDownLatch otherWrote = new CountDownLatch(1);
      s.subscribeMutation(
          List.of("n"),
          e -> {
            int n = (int) e.newValue();
            if (n == 1) {
              e.state().set("shared", "cascade");
            } else if (n == 5) {
              cascadeWroteShared.countDown();
              if (!otherWrote.await(5, SECONDS)) {
                throw new IllegalStateException("the other writer did not write");
              }
            }
            e.state().set("n", n + 1);
          });
      CompletableFuture<Void> other =
          CompletableFuture.runAsync(
              () -> {
                try {
                  if (!cascadeWroteShared.await(5, SECONDS)) {
                    throw new IllegalStateException("the cascade did not start");
                  }
                } catch (InterruptedException ex) {
                  throw new IllegalStateException(ex);
                }
                s.set("shared", "other");
                s.set("elsewhere", "other");
                otherWrote.countDown();
              },
              r -> Thread.ofVirtual().start(r));
      MutationCycleException e = assertThrows(MutationCycleException.class, () -> s.set("n", 0));
      other.get(5, SECONDS);
      assertTrue(e.getMessage().contains("1 path(s) that another thread assigned"), e.getMessage());
      assertEquals(Map.of("shared", "other", "elsewhere", "other"), s.snapshot());
      assertEquals(ordered("+shared", "other", "+elsewhere", "other"), s.pendingMutations());
    }
  }

  @Nested
  class Threads {
    @Test
    void concurrentWritersNeverLoseAnAssignment() throws Exception {
      SessionState s = SessionState.create();
      int threads = 16;
      int writes = 200;
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        writers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        start.await();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      for (int i = 0; i < writes; i++) {
                        s.set("t" + id + ".k" + i, i);
                      }
                    }));
      }
      start.countDown();
      for (Thread w : writers) {
        w.join();
      }
      Map<String, Object> log = s.drainMutations();
      assertEquals(threads * writes, log.size());
      for (int t = 0; t < threads; t++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> mine = (Map<String, Object>) s.get("t" + t);
        assertEquals(writes, mine.size());
      }
    }

    @Test
    void twoSessionsNeverShareState() throws Exception {
      SessionState a = SessionState.create();
      SessionState b = SessionState.create();
      CountDownLatch bothIn = new CountDownLatch(2);
      a.subscribeMutation(List.of("x"), e -> { bothIn.countDown(); bothIn.await(); });
      b.subscribeMutation(List.of("x"), e -> { bothIn.countDown(); bothIn.await(); });
      // Both handlers block until the other one is running: only possible if they share no lock.
      CompletableFuture<Void> fa = CompletableFuture.runAsync(() -> a.set("x", "a"), r -> Thread.ofVirtual().start(r));
      CompletableFuture<Void> fb = CompletableFuture.runAsync(() -> b.set("x", "b"), r -> Thread.ofVirtual().start(r));
      fa.get(5, SECONDS);
      fb.get(5, SECONDS);
      assertEquals("a", a.get("x"));
      assertEquals("b", b.get("x"));
      assertEquals(Map.of("+x", "a"), a.pendingMutations());
      assertEquals(Map.of("+x", "b"), b.pendingMutations());
    }
  }
}
