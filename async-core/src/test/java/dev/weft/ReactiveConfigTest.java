package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReactiveConfigTest {
  final Graph g = Graph.builder().name("config-test").build();
  final ReactiveConfig config = ReactiveConfig.create(g, Map.of(
      "server", Map.of("port", 8080, "host", "localhost"),
      "db", Map.of("url", "jdbc:a")));

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
  class Reads {
    @Test
    void dottedKeysAddressNestedMaps() {
      assertEquals(8080, config.get("server.port"));
      assertEquals(Map.of("port", 8080, "host", "localhost"), config.get("server"));
      assertNull(config.get("server.missing"));
      assertNull(config.get("server.port.deeper"), "below a value that is not a map there is nothing");
      assertEquals(8080, config.get("server.port", 1));
      assertEquals("x", config.get("nothing.here", "x"));
    }

    @Test
    void aFallbackOfAnotherTypeIsReportedNamingTheKey() {
      ClassCastException e = assertThrows(ClassCastException.class,
          () -> config.get("server.host", 80));
      assertTrue(e.getMessage().contains("server.host"), e.getMessage());
      assertEquals("localhost", config.get("server.host", "fallback"));
      assertEquals(Map.of("url", "jdbc:a"), config.get("db", Map.of()));
    }

    @Test
    void dottedKeysInsideMapsAreTheSameAsNestedMaps() {
      ReactiveConfig flat = ReactiveConfig.create(g, Map.of("server.port", 1, "server.tls.on", true));
      assertEquals(Map.of("server", Map.of("port", 1, "tls", Map.of("on", true))), flat.all());
      flat.set("server", Map.of("tls.on", false));
      assertEquals(false, flat.get("server.tls.on"));
    }
  }

  @Nested
  class PerKeyTracking {
    @Test
    void aWriteToASiblingRerunsNothing() {
      Watch<Object> port = new Watch<>(() -> config.get("server.port"));
      config.set("db.url", "jdbc:b");
      config.set("server.host", "example.org");
      config.set("cache", Map.of("size", 10));
      assertEquals(1, port.runs.get());
    }

    @Test
    void replacingAParentRerunsReadersOfTheKeysWhoseValueChanged() {
      Watch<Object> port = new Watch<>(() -> config.get("server.port"));
      Watch<Object> host = new Watch<>(() -> config.get("server.host"));
      config.set("server", Map.of("port", 9090, "host", "localhost"));
      assertEquals(2, port.runs.get());
      assertEquals(9090, port.last);
      assertEquals(1, host.runs.get(), "the host is equal in the new map: its readers do not rerun");
      config.set("server", Map.of("port", 9090));
      assertEquals(2, host.runs.get());
      assertNull(host.last);
    }

    @Test
    void writingAKeyRerunsReadersOfEveryKeyAboveIt() {
      Watch<Object> server = new Watch<>(() -> config.get("server"));
      Watch<Object> deep = new Watch<>(() -> config.get("server.tls.enabled"));
      config.set("server.port", 9090);
      assertEquals(2, server.runs.get());
      assertEquals(Map.of("port", 9090, "host", "localhost"), server.last);
      config.set("server.tls.enabled", true);
      assertEquals(3, server.runs.get());
      assertEquals(true, deep.last);
    }

    @Test
    void allDependsOnEveryKey() {
      Watch<Map<String, Object>> all = new Watch<>(config::all);
      config.set("db.url", "jdbc:b");
      config.set("brand.new", 1);
      assertEquals(3, all.runs.get());
      assertEquals(1, ((Map<?, ?>) all.last.get("brand")).get("new"));
    }

    @Test
    void aMissingKeyReadWithAFallbackRerunsWhenSet() {
      Watch<Integer> timeout = new Watch<>(() -> config.get("http.timeout", 30));
      assertEquals(30, timeout.last);
      config.set("http.timeout", 5);
      assertEquals(5, timeout.last);
      config.set("http", Map.of("timeout", 7));
      assertEquals(7, timeout.last);
      assertEquals(3, timeout.runs.get());
    }

    @Test
    void anEqualWriteNotifiesNobody() {
      Watch<Object> port = new Watch<>(() -> config.get("server.port"));
      Watch<Map<String, Object>> all = new Watch<>(config::all);
      config.set("server.port", 8080);
      config.set("server", new HashMap<>(Map.of("port", 8080, "host", "localhost")));
      assertEquals(1, port.runs.get());
      assertEquals(1, all.runs.get());
    }

    @Test
    void derivedValuesFollowTheirKeys() {
      AtomicInteger computations = new AtomicInteger();
      Derived<String> url = g.derived(() -> {
        computations.incrementAndGet();
        return config.get("server.host", "?") + ":" + config.get("server.port", 0);
      });
      assertEquals("localhost:8080", url.get());
      config.set("db.url", "jdbc:c");
      assertEquals("localhost:8080", url.get());
      assertEquals(1, computations.get());
      config.set("server.port", 1);
      assertEquals("localhost:1", url.get());
    }

    @Test
    void writesInABatchRerunOnce() {
      Watch<String> both = new Watch<>(() -> config.get("server.host") + ":" + config.get("server.port"));
      g.batch(() -> {
        config.set("server.host", "h");
        config.set("server.port", 1);
      });
      assertEquals(2, both.runs.get());
      assertEquals("h:1", both.last);
    }
  }

  @Nested
  class ImmutableSnapshots {
    @Test
    void valuesHandedOutCannotBeChanged() {
      @SuppressWarnings("unchecked")
      Map<String, Object> server = (Map<String, Object>) config.get("server");
      assertThrows(UnsupportedOperationException.class, () -> server.put("port", 1));
      assertThrows(UnsupportedOperationException.class, () -> config.all().clear());
      config.set("hosts", new ArrayList<>(List.of("a", Map.of("b", 1))));
      List<?> hosts = (List<?>) config.get("hosts");
      assertThrows(UnsupportedOperationException.class, () -> hosts.remove(0));
      assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) hosts.get(1)).clear());
    }

    @Test
    void changingAMapAfterHandingItInChangesNothing() {
      Map<String, Object> inner = new LinkedHashMap<>(Map.of("size", 1));
      Map<String, Object> outer = new LinkedHashMap<>(Map.of("cache", inner));
      ReactiveConfig c = ReactiveConfig.create(g, outer);
      c.set("copy", inner);
      inner.put("size", 2);
      outer.put("extra", true);
      assertEquals(1, c.get("cache.size"));
      assertEquals(1, c.get("copy.size"));
      assertNull(c.get("extra"));
    }

    @Test
    void aSnapshotDoesNotChangeWhenTheConfigDoes() {
      Object before = config.get("server");
      config.set("server.port", 1);
      assertEquals(8080, ((Map<?, ?>) before).get("port"));
    }
  }

  @Nested
  class Validation {
    @Test
    void malformedKeysAreRejectedNamingTheKey() {
      for (String bad : List.of("", ".a", "a.", "a..b", ".")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.get(bad));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config.set(bad, 1));
      }
      IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
          () -> config.set("server", Map.of("tls..on", true)));
      assertTrue(nested.getMessage().contains("server.tls..on"), nested.getMessage());
    }

    @Test
    void invalidWritesChangeNothing() {
      Watch<Map<String, Object>> all = new Watch<>(config::all);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> config.set("server.port.number", 1));
      assertTrue(e.getMessage().contains("'server.port'"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> ReactiveConfig.create(g, Map.of("a", 1, "a.b", 2)));
      assertThrows(IllegalArgumentException.class, () -> config.set("x", Map.of(1, "one")));
      assertEquals("key", assertThrows(NullPointerException.class, () -> config.get(null)).getMessage());
      assertEquals("value", assertThrows(NullPointerException.class, () -> config.set("a", null)).getMessage());
      Map<String, Object> withNull = new HashMap<>();
      withNull.put("n", null);
      assertThrows(NullPointerException.class, () -> config.set("x", withNull));
      assertThrows(NullPointerException.class, () -> config.set("x", Collections.singletonList(null)));
      assertEquals(1, all.runs.get());
      assertNull(config.get("x"));
    }

    @Test
    void writingInsideADerivedFunctionIsRefused() {
      Derived<Integer> bad = g.derived(() -> {
        config.set("a", 1);
        return 0;
      });
      assertThrows(IllegalStateException.class, bad::get);
      assertNull(config.get("a"));
    }
  }

  @Nested
  class Threads {
    @Test
    void sixteenThreadsAskingForANewKeyGetTheSameNode() throws InterruptedException {
      LocalReactiveConfig local = (LocalReactiveConfig) config;
      for (int round = 0; round < 20; round++) {
        String key = "fresh" + round + ".key";
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<VersionNode> got = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          threads.add(Thread.ofPlatform().start(() -> {
            try {
              start.await();
              got.add(local.nodeFor(key));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }));
        }
        start.countDown();
        for (Thread t : threads) {
          assertTrue(t.join(Duration.ofSeconds(30)));
        }
        Set<VersionNode> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(got);
        assertEquals(16, got.size());
        assertEquals(1, distinct.size(), "round " + round);
        assertSame(distinct.iterator().next(), local.nodeFor(key));
      }
    }

    @Test
    void everyEffectRunSeesAConsistentPairWhileThreadsWrite() throws InterruptedException {
      config.set("pair", Map.of("a", 100, "b", 0));
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger lastA = new AtomicInteger(-1);
      g.effect(() -> {
        int a = config.get("pair.a", 0);
        int b = config.get("pair.b", 0);
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
                config.set("pair", Map.of("a", a, "b", 100 - a));
              } else {
                g.batch(() -> {
                  config.set("pair.a", a);
                  config.set("pair.b", 100 - a);
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
      assertEquals(List.of(), List.copyOf(violations).subList(0, Math.min(5, violations.size())));
      assertEquals(config.get("pair.a"), lastA.get(), "the last effect run saw the final state");
    }

    @Test
    void plainReadsSeeEachWriteWholeOrNotAtAll() throws InterruptedException {
      config.set("pair", Map.of("a", 100, "b", 0));
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      CountDownLatch done = new CountDownLatch(2);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        threads.add(Thread.ofPlatform().start(() -> {
          for (int i = 0; i < 2_000; i++) {
            int a = ThreadLocalRandom.current().nextInt(101);
            config.set("pair", Map.of("a", a, "b", 100 - a));
          }
          done.countDown();
        }));
      }
      threads.add(Thread.ofPlatform().start(() -> {
        while (done.getCount() > 0) {
          Map<?, ?> p = (Map<?, ?>) config.get("pair");
          if ((Integer) p.get("a") + (Integer) p.get("b") != 100) {
            violations.add("plain read " + p);
          }
        }
      }));
      for (Thread t : threads) {
        assertTrue(t.join(Duration.ofMinutes(1)));
      }
      assertEquals(List.of(), List.copyOf(violations).subList(0, Math.min(5, violations.size())));
    }

    @Test
    void aWriteFromAnotherGraphsComputationIsAppliedWhenItEnds() {
      Watch<Object> port = new Watch<>(() -> config.get("server.port"));
      try (Graph other = Graph.create()) {
        Signal<Integer> source = other.signal(1);
        other.effect(() -> config.set("server.port", source.get()));
        assertEquals(1, config.get("server.port"));
        source.set(2);
        assertEquals(2, port.last);
      }
    }
  }

  @Nested
  class GlobalGraph {
    @Test
    void createWithoutAGraphUsesTheGlobalOne() {
      ReactiveConfig global = ReactiveConfig.create(Map.of("k", 1));
      AtomicInteger runs = new AtomicInteger();
      Effect e = Weft.effect(() -> {
        global.get("k");
        runs.incrementAndGet();
      });
      global.set("k", 2);
      e.dispose();
      assertEquals(2, runs.get());
    }
  }
}
