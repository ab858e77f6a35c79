package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProducerTest {
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  final Graph g = Graph.builder().name("producers").errorHandler(errors::add).build();

  @AfterEach
  void close() {
    g.close();
  }

  /** A start function that counts starts and stops and keeps the sink. */
  static final class Source implements Producer.Start<Integer> {
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    final AtomicReference<Consumer<? super Integer>> sink = new AtomicReference<>();

    @Override
    public Runnable start(Consumer<? super Integer> setValue) {
      starts.incrementAndGet();
      sink.set(setValue);
      return stops::incrementAndGet;
    }

    void push(int v) {
      sink.get().accept(v);
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void startsOnFirstGetNotAtCreationNorOnPeek() {
      Source src = new Source();
      Producer<Integer> p = g.producer(0, src);
      assertEquals(0, src.starts.get());
      assertEquals(0, p.peek());
      assertFalse(p.isStarted());
      assertEquals(0, p.get());
      assertTrue(p.isStarted());
      p.get();
      assertEquals(1, src.starts.get());
    }

    @Test
    void startsOnSubscribe() {
      Source src = new Source();
      Producer<Integer> p = g.producer(0, src);
      List<Integer> seen = new ArrayList<>();
      p.subscribe(seen::add);
      src.push(5);
      src.push(5);
      src.push(6);
      assertEquals(List.of(0, 5, 6), seen, "equal values are skipped");
      assertEquals(1, src.starts.get());
    }

    @Test
    void disposeStopsOnceAndALaterReadStartsAgain() {
      Source src = new Source();
      Producer<Integer> p = g.producer(0, src);
      p.get();
      p.dispose();
      p.dispose();
      assertEquals(1, src.stops.get());
      assertTrue(p.isDisposed());
      Consumer<? super Integer> oldSink = src.sink.get();
      oldSink.accept(99); // a value from the stopped source is ignored
      assertEquals(0, p.peek());
      p.get();
      assertEquals(2, src.starts.get());
      src.push(3);
      assertEquals(3, p.get());
    }

    @Test
    void sixteenRacingReadersStartItOnce() throws Exception {
      for (int round = 0; round < 20; round++) {
        Source src = new Source();
        Producer<Integer> p = g.producer(0, src);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          threads.add(Thread.ofPlatform().start(() -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            p.get();
          }));
        }
        go.countDown();
        for (Thread t : threads) {
          t.join(5000);
        }
        assertEquals(1, src.starts.get(), "round " + round);
      }
    }

    @Test
    void sharedProducerStartsOnceForManyEffects() {
      Source src = new Source();
      Producer<Integer> p = g.producer(0, src);
      List<Integer> sums = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        g.effect(() -> sums.add(p.get()));
      }
      src.push(1);
      assertEquals(1, src.starts.get());
      assertEquals(20, sums.size());
    }

    @Test
    void throwingStartLeavesItStoppedAndIsRethrown() {
      AtomicInteger attempts = new AtomicInteger();
      Producer<Integer> p = g.producer(0, set -> {
        if (attempts.incrementAndGet() == 1) {
          throw new IllegalStateException("socket refused");
        }
        return null;
      });
      assertThrows(IllegalStateException.class, p::get);
      assertFalse(p.isStarted());
      assertEquals(0, p.get());
      assertTrue(p.isStarted());
    }
  }

  @Nested
  class BackgroundSource {
    @Test
    void aRealThreadFeedsEffectsAndDerivedValues() throws Exception {
      AtomicBoolean running = new AtomicBoolean();
      Producer<Integer> ticks = g.producer(0, set -> {
        running.set(true);
        Thread t = Thread.ofPlatform().name("ticker").start(() -> {
          for (int i = 1; running.get() && i <= 1000; i++) {
            set.accept(i);
          }
        });
        return () -> {
          running.set(false);
          try {
            t.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
      });
      Derived<Integer> doubled = g.derived(() -> ticks.get() * 2);
      List<Integer> seen = new CopyOnWriteArrayList<>();
      g.effect(() -> seen.add(doubled.get()));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(2000));
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i) > seen.get(i - 1), "values arrive in order: " + seen);
      }
      ticks.dispose();
      assertFalse(running.get());
    }
  }

  @Nested
  class Watching {
    @Test
    void stopWhenUnwatchedStopsWithTheLastWatcherAndRestartsWithTheNext() {
      Source src = new Source();
      Producer<Integer> p = g.producer(0, src, Producer.Options.defaults().stopWhenUnwatched(true).name("feed"));
      Effect a = g.effect(p::get);
      Subscription b = p.subscribe(v -> {});
      assertEquals(1, src.starts.get());
      a.dispose();
      assertEquals(0, src.stops.get(), "one watcher left");
      b.dispose();
      assertEquals(1, src.stops.get());
      assertFalse(p.isStarted());
      g.effect(p::get);
      assertEquals(2, src.starts.get());
    }

    @Test
    void withoutTheOptionItKeepsRunning() {
      Source src = new Source();
      Producer<Integer> p = g.producer(0, src);
      g.effect(p::get).dispose();
      assertTrue(p.isStarted());
      assertEquals(0, src.stops.get());
    }

    @Test
    void graphCloseStopsStartedProducers() {
      Graph local = Graph.create();
      Source src = new Source();
      local.producer(0, src).get();
      local.close();
      assertEquals(1, src.stops.get());
    }
  }

  @Nested
  class Failures {
    @Test
    void sinkErrorIsRethrownToReadersUntilTheNextValue() {
      AtomicReference<Producer.Sink<Integer>> sink = new AtomicReference<>();
      Producer<Integer> p = g.producer(0, set -> {
        sink.set((Producer.Sink<Integer>) set);
        return null;
      });
      p.get();
      sink.get().error(new IllegalStateException("feed lost"));
      assertThrows(IllegalStateException.class, p::get);
      sink.get().accept(4);
      assertEquals(4, p.get());
    }

    @Test
    void throwingStopGoesToTheErrorHandlerNamingTheProducer() {
      Producer<Integer> p = g.producer(0, set -> () -> {
        throw new IllegalStateException("close failed");
      }, Producer.Options.defaults().name("socket"));
      p.get();
      p.dispose();
      assertEquals(1, errors.size());
      assertTrue(errors.get(0).getMessage().contains("producer 'socket'"), errors.get(0).getMessage());
      assertFalse(p.isStarted());
    }

    @Test
    void nullValueIsRejectedAtTheSink() {
      AtomicReference<Consumer<? super Integer>> sink = new AtomicReference<>();
      Producer<Integer> p = g.producer(0, set -> {
        sink.set(set);
        return null;
      });
      p.get();
      assertThrows(NullPointerException.class, () -> sink.get().accept(null));
      assertEquals(0, p.get());
    }
  }
}
