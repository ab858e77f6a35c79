package dev.weft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The registry of nodes a graph disposes on close ({@link LiveNodes}, an intrusive list through the
 * nodes): the list itself, and {@link Graph#close()} disposing every registered node exactly once
 * whatever else disposes them meanwhile.
 */
class LiveNodesTest {

  /** A node that only counts its disposals. */
  static final class Counted implements LiveNode {
    final AtomicInteger disposals = new AtomicInteger();
    @Nullable LiveNode prev;
    @Nullable LiveNode next;

    @Override
    public void dispose() {
      disposals.incrementAndGet();
    }

    @Override
    public boolean isDisposed() {
      return disposals.get() > 0;
    }

    @Override
    public @Nullable LiveNode liveNext() {
      return next;
    }

    @Override
    public void liveNext(@Nullable LiveNode n) {
      next = n;
    }

    @Override
    public @Nullable LiveNode livePrev() {
      return prev;
    }

    @Override
    public void livePrev(@Nullable LiveNode p) {
      prev = p;
    }
  }

  @Nested
  class TheList {
    final LiveNodes live = new LiveNodes();
    final Counted a = new Counted();
    final Counted b = new Counted();
    final Counted c = new Counted();

    @Test
    void keepsRegistrationOrder() {
      live.add(a);
      live.add(b);
      live.add(c);
      assertArrayEquals(new LiveNode[] {a, b, c}, live.snapshot());
      assertEquals(3, live.size());
    }

    @Test
    void removesHeadMiddleAndTail() {
      live.add(a);
      live.add(b);
      live.add(c);
      live.remove(b);
      assertArrayEquals(new LiveNode[] {a, c}, live.snapshot());
      live.remove(a);
      assertArrayEquals(new LiveNode[] {c}, live.snapshot());
      live.remove(c);
      assertArrayEquals(new LiveNode[0], live.snapshot());
      assertEquals(0, live.size());
      live.add(b); // head and tail were reset: the list is usable again
      assertArrayEquals(new LiveNode[] {b}, live.snapshot());
    }

    @Test
    void addAndRemoveAreIdempotent() {
      live.add(a);
      live.add(a);
      live.add(b);
      live.remove(b);
      live.remove(b);
      live.remove(c); // never added
      assertArrayEquals(new LiveNode[] {a}, live.snapshot());
      assertEquals(1, live.size());
      assertTrue(live.isRegistered(a));
      assertFalse(live.isRegistered(b));
    }

    @Test
    void soleNodeIsRegisteredAlthoughItHasNoNeighbours() {
      live.add(a);
      assertTrue(live.isRegistered(a));
      live.remove(a);
      assertFalse(live.isRegistered(a));
    }

    @Test
    void concurrentAddsAndRemovesLoseNothing() throws InterruptedException {
      int perThread = 5_000;
      List<List<Counted>> kept = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        kept.add(new ArrayList<>());
      }
      Race.platform().run(4, index -> {
        for (int i = 0; i < perThread; i++) {
          Counted n = new Counted();
          live.add(n);
          if (i % 2 == 0) {
            live.remove(n);
          } else {
            kept.get(index).add(n);
          }
        }
      });
      assertEquals(4 * perThread / 2, live.size());
      assertEquals(4 * perThread / 2, live.snapshot().length);
      for (List<Counted> list : kept) {
        for (Counted n : list) {
          assertTrue(live.isRegistered(n));
        }
      }
    }
  }

  @Nested
  class Close {
    final Graph g = Graph.builder().name("live").build();

    @Test
    void disposesEveryKindOfNodeExactlyOnce() {
      AtomicInteger cleanups = new AtomicInteger();
      AtomicInteger stops = new AtomicInteger();
      AtomicInteger asyncCleanups = new AtomicInteger();
      Signal<Integer> s = g.signal(0);
      for (int i = 0; i < 50; i++) {
        g.effect(() -> {
          s.get();
          Weft.onCleanup(cleanups::incrementAndGet);
        });
      }
      s.subscribe(v -> {});
      Producer<Integer> p = g.producer(0, sink -> stops::incrementAndGet);
      p.get(); // started: now registered
      AsyncEffect ae = g.asyncEffect(() -> {
        s.get();
        Weft.onCleanup(asyncCleanups::incrementAndGet);
      }, AsyncEffect.Options.defaults().taskFactory(TaskFactory.inline()));
      AsyncDerived<Integer> ad = g.asyncDerived(() -> s.get() + 1,
          AsyncDerived.Options.defaults().taskFactory(TaskFactory.inline()));
      assertEquals(1, ad.await());
      assertEquals(54, g.kernel.live.size(), "50 effects, a subscription, a producer, two async nodes");

      g.close();

      assertEquals(50, cleanups.get());
      assertEquals(1, stops.get());
      assertEquals(1, asyncCleanups.get());
      assertTrue(ae.isDisposed());
      assertTrue(ad.isDisposed());
      assertEquals(0, g.kernel.live.size());
      g.close(); // idempotent: nothing is disposed twice
      assertEquals(50, cleanups.get());
      assertEquals(1, stops.get());
    }

    @Test
    void nodesDisposedBeforeCloseAreNotDisposedAgain() {
      AtomicInteger cleanups = new AtomicInteger();
      List<Effect> effects = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        effects.add(g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet)));
      }
      effects.get(0).dispose();
      effects.get(5).dispose();
      effects.get(9).dispose();
      assertEquals(3, cleanups.get());
      assertEquals(7, g.kernel.live.size());
      g.close();
      assertEquals(10, cleanups.get());
    }

    @Test
    void cleanupThatDisposesOtherNodesDuringClose() {
      AtomicInteger cleanups = new AtomicInteger();
      List<Effect> later = new ArrayList<>();
      // The first effect's cleanup disposes the ones after it, which close() then finds disposed.
      g.effect(() -> Weft.onCleanup(() -> {
        cleanups.incrementAndGet();
        later.forEach(Effect::dispose);
      }));
      for (int i = 0; i < 5; i++) {
        later.add(g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet)));
      }
      g.close();
      assertEquals(6, cleanups.get());
      assertEquals(0, g.kernel.live.size());
    }

    @Test
    void effectThatDisposesItselfAndAnotherWhileRunning() {
      Signal<Integer> s = g.signal(0);
      AtomicInteger cleanups = new AtomicInteger();
      Effect other = g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet));
      AtomicReference<@Nullable Effect> self = new AtomicReference<>();
      Effect e = g.effect(() -> {
        if (s.get() == 1) {
          other.dispose();
          Effect me = self.get();
          if (me != null) {
            me.dispose();
          }
        }
      });
      self.set(e);
      s.set(1);
      assertTrue(e.isDisposed());
      assertTrue(other.isDisposed());
      assertEquals(1, cleanups.get());
      assertEquals(0, g.kernel.live.size());
      g.close();
      assertEquals(1, cleanups.get());
    }

    @Test
    void closeFromInsideAnEffect() {
      Signal<Integer> s = g.signal(0);
      AtomicInteger cleanups = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        g.effect(() -> Weft.onCleanup(cleanups::incrementAndGet));
      }
      g.effect(() -> {
        if (s.get() == 1) {
          g.close();
        }
      });
      s.set(1);
      assertEquals(3, cleanups.get());
      assertEquals(0, g.kernel.live.size());
    }

    @Test
    void creatingAfterCloseFailsAndRegistersNothing() {
      g.close();
      assertThrows(IllegalStateException.class, () -> g.effect(() -> {}));
      assertEquals(0, g.kernel.live.size());
    }
  }

  @Nested
  class Races {

    @Test
    void disposeRacingCloseDisposesEachNodeOnce() throws InterruptedException {
      for (int round = 0; round < 50; round++) {
        Graph graph = Graph.create();
        Signal<Integer> s = graph.signal(0);
        int n = 200;
        AtomicInteger cleanups = new AtomicInteger();
        List<Effect> effects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          effects.add(graph.effect(() -> {
            s.get();
            Weft.onCleanup(cleanups::incrementAndGet);
          }));
        }
        Race.platform().run(3, index -> {
          if (index == 0) {
            graph.close();
          } else {
            // two disposers walking the effects from both ends, racing close()
            for (int i = 0; i < n; i++) {
              effects.get(index == 1 ? i : n - 1 - i).dispose();
            }
          }
        });
        assertEquals(n, cleanups.get(), "every effect disposed exactly once");
        assertEquals(0, graph.kernel.live.size());
      }
    }

    @Test
    void creationRacingCloseIsEitherRefusedOrDisposed() throws InterruptedException {
      for (int round = 0; round < 50; round++) {
        Graph graph = Graph.create();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger cleanups = new AtomicInteger();
        CountDownLatch someCreated = new CountDownLatch(1);
        Race.platform().run(3, index -> {
          if (index == 0) {
            someCreated.await();
            graph.close();
            return;
          }
          for (int i = 0; i < 200; i++) {
            try {
              graph.effect(() -> Weft.onCleanup(cleanups::incrementAndGet));
              created.incrementAndGet();
            } catch (IllegalStateException closed) {
              // refused: the graph was closed
            }
            someCreated.countDown();
          }
        });
        // An effect whose creation saw the close disposed itself (its cleanup ran) before throwing.
        assertTrue(cleanups.get() >= created.get(), cleanups + " cleanups for " + created + " effects");
        assertEquals(0, graph.kernel.live.size(), "nothing stays registered in a closed graph");
      }
    }

    @Test
    void crossGraphCreationDoesNotDeadlock() throws InterruptedException {
      // An effect of A creates effects in B while an effect of B creates effects in A: registration
      // must not wait for the other graph's lock.
      Graph a = Graph.create();
      Graph b = Graph.create();
      Signal<Integer> sa = a.signal(0);
      Signal<Integer> sb = b.signal(0);
      AtomicInteger made = new AtomicInteger();
      a.effect(() -> {
        if (sa.get() > 0) {
          b.effect(made::incrementAndGet);
        }
      });
      b.effect(() -> {
        if (sb.get() > 0) {
          a.effect(made::incrementAndGet);
        }
      });
      Race.platform().run(2, index -> {
        for (int i = 1; i <= 500; i++) {
          (index == 0 ? sa : sb).set(i);
        }
      });
      assertEquals(1_000, made.get());
      assertEquals(1 + 500, a.kernel.live.size());
      assertEquals(1 + 500, b.kernel.live.size());
      a.close();
      b.close();
      assertEquals(0, a.kernel.live.size() + b.kernel.live.size());
    }
  }
}
