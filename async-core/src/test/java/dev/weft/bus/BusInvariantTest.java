package dev.weft.bus;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Many emitters, slow and fast subscribers: every copy addressed to a subscriber is either delivered
 * or dropped (and counted), never lost or duplicated, and audience events reach nobody else.
 */
class BusInvariantTest {
  private static final int EMITTERS = 64;
  private static final int EVENTS_PER_EMITTER = 1000;
  private static final List<String> SCOPES = List.of("s", "t");
  private static final List<@Nullable Set<String>> AUDIENCES =
      java.util.Arrays.asList(null, null, Set.of("alice"), Set.of("bob"), Set.of("alice", "bob"), Set.of("carol"));

  /** One subscriber under test, with what the test expects it to receive. */
  private static final class Probe {
    final String name;
    final String scope;
    final @Nullable ConnectionInfo connection;
    final boolean slow;
    final AtomicLong expected = new AtomicLong();
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    final List<ChangeEvent> received = new ArrayList<>(); // consumer thread only
    @Nullable LocalSubscription subscription;

    Probe(String name, String scope, @Nullable ConnectionInfo connection, boolean slow) {
      this.name = name;
      this.scope = scope;
      this.connection = connection;
      this.slow = slow;
    }

    /** The rule, written independently of the implementation. */
    boolean addressedBy(ChangeEvent e) {
      if (!e.scope().equals(scope)) {
        return false;
      }
      if (e.audience() == null) {
        return true;
      }
      return connection != null && connection.userId() != null && e.audience().contains(connection.userId());
    }
  }

  private static ConnectionInfo user(String session, @Nullable String userId) {
    return new ConnectionInfo(session, userId, Instant.EPOCH);
  }

  @Nested
  class SixtyFourEmitters {
    @Test
    void deliveredPlusDroppedEqualsEmittedToEachSubscriberAndAudiencesNeverLeak() throws Exception {
      ReactiveBus bus = ReactiveBus.builder().maxQueue(10).build();
      List<Probe> all =
          List.of(
              new Probe("anon-slow", "s", null, true),
              new Probe("anon-fast", "s", null, false),
              new Probe("alice-slow", "s", user("alice-slow", "alice"), true),
              new Probe("alice-fast", "s", user("alice-fast", "alice"), false),
              new Probe("bob", "s", user("bob", "bob"), false),
              new Probe("userless", "s", user("userless", null), false),
              new Probe("alice-on-t", "t", user("alice-on-t", "alice"), true));
      for (Probe p : all) {
        BusSubscription s =
            p.connection == null ? bus.subscribe(p.scope) : bus.subscribe(p.scope, p.connection, null);
        p.subscription = (LocalSubscription) s;
      }

      List<CompletableFuture<Void>> consumers = new ArrayList<>();
      for (Probe p : all) {
        consumers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (ChangeEvent e : p.subscription) {
                    if (!p.addressedBy(e)) {
                      p.violations.add(p.name + " got " + e);
                    }
                    p.received.add(e);
                    if (p.slow) {
                      try {
                        Thread.sleep(1); // simulate a slow client
                      } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                    }
                  }
                },
                r -> Thread.ofVirtual().start(r)));
      }

      CountDownLatch start = new CountDownLatch(1);
      List<Thread> emitters = new ArrayList<>();
      for (int t = 0; t < EMITTERS; t++) {
        int id = t;
        emitters.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      SplittableRandom random = new SplittableRandom(id);
                      try {
                        start.await();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      for (int i = 0; i < EVENTS_PER_EMITTER; i++) {
                        ChangeEvent e =
                            new ChangeEvent(
                                SCOPES.get(random.nextInt(SCOPES.size())),
                                Set.of(id + ":" + i),
                                null,
                                AUDIENCES.get(random.nextInt(AUDIENCES.size())));
                        for (Probe p : all) {
                          if (p.addressedBy(e)) {
                            p.expected.incrementAndGet();
                          }
                        }
                        bus.emit(e);
                      }
                    }));
      }
      start.countDown();
      for (Thread t : emitters) {
        t.join();
      }
      bus.close(); // consumers drain what is queued, then their iteration ends
      CompletableFuture.allOf(consumers.toArray(CompletableFuture[]::new)).get(60, SECONDS);

      long droppedTotal = 0;
      for (Probe p : all) {
        LocalSubscription s = p.subscription;
        assertTrue(p.violations.isEmpty(), p.violations.toString());
        assertEquals(p.received.size(), s.deliveredCount(), p.name);
        assertEquals(p.expected.get(), p.received.size() + s.droppedCount(), p.name + ": delivered + dropped");
        assertNoDuplicatesAndEmitterOrderKept(p);
        droppedTotal += s.droppedCount();
      }
      assertEquals((long) EMITTERS * EVENTS_PER_EMITTER, bus.emittedCount());
      assertEquals(droppedTotal, bus.droppedCount());
      Probe slow = all.getFirst();
      assertTrue(slow.subscription.droppedCount() > 0, "a slow subscriber with a bound of 10 drops");
    }

    private void assertNoDuplicatesAndEmitterOrderKept(Probe p) {
      Set<String> seen = new HashSet<>();
      Map<Integer, Integer> lastPerEmitter = new HashMap<>();
      for (ChangeEvent e : p.received) {
        String id = e.changedPaths().iterator().next();
        assertTrue(seen.add(id), p.name + " got " + id + " twice");
        String[] parts = id.split(":");
        int emitter = Integer.parseInt(parts[0]);
        int seq = Integer.parseInt(parts[1]);
        Integer last = lastPerEmitter.put(emitter, seq);
        assertTrue(last == null || last < seq, p.name + ": events of emitter " + emitter + " out of order");
      }
    }
  }
}
