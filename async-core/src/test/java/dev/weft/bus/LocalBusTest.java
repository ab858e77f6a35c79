package dev.weft.bus;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LocalBusTest {
  private static final Duration SHORT = Duration.ofMillis(50);
  private static final Duration LONG = Duration.ofSeconds(5);

  private final List<ReactiveBus> buses = new ArrayList<>();

  @AfterEach
  void closeBuses() {
    buses.forEach(ReactiveBus::close);
  }

  private ReactiveBus bus(int maxQueue) {
    ReactiveBus bus = ReactiveBus.builder().maxQueue(maxQueue).build();
    buses.add(bus);
    return bus;
  }

  static ConnectionInfo conn(String session, @Nullable String user) {
    return new ConnectionInfo(session, user, Instant.EPOCH);
  }

  static ChangeEvent event(String scope, String path, @Nullable Set<String> audience) {
    return new ChangeEvent(scope, Set.of(path), null, audience);
  }

  static List<String> drain(BusSubscription subscription) {
    List<String> paths = new ArrayList<>();
    ChangeEvent e;
    while ((e = subscription.poll(Duration.ZERO)) != null) {
      paths.add(e.changedPaths().iterator().next());
    }
    return paths;
  }

  /** Collects the rest of a closed subscription by iterating it to its end. */
  static List<String> rest(BusSubscription subscription) {
    List<String> paths = new ArrayList<>();
    subscription.forEach(e -> paths.add(e.changedPaths().iterator().next()));
    return paths;
  }

  @Nested
  class Builder {
    @Test
    void rejectsABoundBelowOne() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ReactiveBus.builder().maxQueue(0));
      assertTrue(e.getMessage().contains("maxQueue"), e.getMessage());
    }

    @Test
    void defaultBoundIs256() {
      ReactiveBus bus = ReactiveBus.create();
      buses.add(bus);
      BusSubscription s = bus.subscribe("a");
      for (int i = 0; i < 300; i++) {
        bus.emit(ChangeEvent.of("a", "p" + i));
      }
      assertEquals(44, bus.droppedCount());
      assertEquals(256, drain(s).size());
    }

    @Test
    void nullArgumentsNameTheParameter() {
      ReactiveBus bus = bus(4);
      assertEquals("event", assertThrows(NullPointerException.class, () -> bus.emit(null)).getMessage());
      assertEquals("scope", assertThrows(NullPointerException.class, () -> bus.subscribe(null)).getMessage());
      assertEquals(
          "connection",
          assertThrows(NullPointerException.class, () -> bus.subscribe("a", null, null)).getMessage());
    }
  }

  @Nested
  class Delivery {
    @Test
    void eventsReachEverySubscriberOfTheirScopeOnlyInEmitOrder() {
      ReactiveBus bus = bus(16);
      BusSubscription a1 = bus.subscribe("a");
      BusSubscription a2 = bus.subscribe("a", conn("s2", "u2"), null);
      BusSubscription b = bus.subscribe("b");
      bus.emit(ChangeEvent.of("a", "x"));
      bus.emit(ChangeEvent.of("b", "y"));
      bus.emit(ChangeEvent.of("a", "z"));
      assertEquals(List.of("x", "z"), drain(a1));
      assertEquals(List.of("x", "z"), drain(a2));
      assertEquals(List.of("y"), drain(b));
    }

    @Test
    void emittedCountCountsEveryEmitEvenWithoutSubscribers() {
      ReactiveBus bus = bus(4);
      bus.emit(ChangeEvent.of("nobody", "x"));
      bus.subscribe("a");
      bus.emit(ChangeEvent.of("a", "x"));
      assertEquals(2, bus.emittedCount());
      assertEquals(0, bus.droppedCount());
    }

    @Test
    void iterationBlocksOnAVirtualThreadUntilAnEventArrives() throws Exception {
      ReactiveBus bus = bus(4);
      BusSubscription s = bus.subscribe("a");
      CompletableFuture<String> first = new CompletableFuture<>();
      Thread consumer =
          Thread.ofVirtual()
              .start(() -> first.complete(s.iterator().next().changedPaths().iterator().next()));
      // Parked, not spinning: the thread waits until an emit wakes it.
      await().atMost(5, SECONDS).until(() -> consumer.getState() == Thread.State.WAITING);
      assertFalse(first.isDone());
      bus.emit(ChangeEvent.of("a", "hello"));
      assertEquals("hello", first.get(5, SECONDS));
    }

    @Test
    void pollReturnsNullOnTimeoutAndAnEventEmittedMeanwhileFromAnotherThread() throws Exception {
      ReactiveBus bus = bus(4);
      BusSubscription s = bus.subscribe("a");
      assertNull(s.poll(SHORT));
      assertNull(s.poll(Duration.ofSeconds(-1)));
      CountDownLatch polling = new CountDownLatch(1);
      CompletableFuture<ChangeEvent> got =
          CompletableFuture.supplyAsync(
              () -> {
                polling.countDown();
                return s.poll(LONG);
              },
              r -> Thread.ofVirtual().start(r));
      polling.await();
      bus.emit(ChangeEvent.of("a", "late"));
      assertEquals(Set.of("late"), got.get(5, SECONDS).changedPaths());
    }

    @Test
    void anInterruptedWaiterGetsCancellationAndKeepsItsInterruptStatus() throws Exception {
      ReactiveBus bus = bus(4);
      BusSubscription s = bus.subscribe("a");
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
      Thread consumer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      s.poll(Duration.ofMinutes(1));
                    } catch (Throwable t) {
                      thrown.set(t);
                      stillInterrupted.set(Thread.currentThread().isInterrupted());
                    }
                  });
      await().atMost(5, SECONDS).until(() -> consumer.getState() == Thread.State.TIMED_WAITING);
      consumer.interrupt();
      consumer.join();
      assertInstanceOf(CancellationException.class, thrown.get());
      assertTrue(stillInterrupted.get());
    }
  }

  @Nested
  class ExactBound {
    @Test
    void aBoundThatIsNotAPowerOfTwoIsExact() {
      for (int bound : new int[] {1, 3, 17, 100}) {
        ReactiveBus bus = bus(bound);
        BusSubscription s = bus.subscribe("a");
        for (int i = 0; i < bound + 5; i++) {
          bus.emit(ChangeEvent.of("a", "p" + i));
        }
        assertEquals(5, bus.droppedCount(), "bound " + bound);
        assertEquals(5, ((LocalSubscription) s).droppedCount(), "bound " + bound);
        List<String> got = drain(s);
        assertEquals(bound, got.size(), "bound " + bound);
        assertEquals("p0", got.getFirst(), "the oldest events are kept, new ones dropped");
      }
    }

    @Test
    void consumingFreesRoomAgain() {
      ReactiveBus bus = bus(2);
      BusSubscription s = bus.subscribe("a");
      bus.emit(ChangeEvent.of("a", "1"));
      bus.emit(ChangeEvent.of("a", "2"));
      bus.emit(ChangeEvent.of("a", "dropped"));
      assertNotNull(s.poll(Duration.ZERO));
      bus.emit(ChangeEvent.of("a", "3"));
      assertEquals(List.of("2", "3"), drain(s));
      assertEquals(1, bus.droppedCount());
    }
  }

  @Nested
  class Drops {
    @Test
    void onlyTheFullSubscriberLosesItsCopyAndOnDropHearsOfIt() {
      List<String> reported = new CopyOnWriteArrayList<>();
      ReactiveBus bus =
          ReactiveBus.builder()
              .maxQueue(1)
              .onDrop((scope, e) -> reported.add(scope + ":" + e.changedPaths().iterator().next()))
              .build();
      buses.add(bus);
      BusSubscription slow = bus.subscribe("a");
      BusSubscription fast = bus.subscribe("a");
      bus.emit(ChangeEvent.of("a", "1"));
      assertEquals(List.of("1"), drain(fast));
      bus.emit(ChangeEvent.of("a", "2"));
      assertEquals(List.of("2"), drain(fast));
      assertEquals(List.of("1"), drain(slow));
      assertEquals(List.of("a:2"), reported);
      assertEquals(1, ((LocalSubscription) slow).droppedCount());
      assertEquals(0, ((LocalSubscription) fast).droppedCount());
    }

    @Test
    void onDropMayCallBackIntoTheBusToDisconnectASlowClient() {
      AtomicReference<ReactiveBus> self = new AtomicReference<>();
      ReactiveBus bus =
          ReactiveBus.builder()
              .maxQueue(1)
              .onDrop((scope, e) -> self.get().closeUser("slowpoke", scope)) // no lock is held
              .build();
      self.set(bus);
      buses.add(bus);
      AtomicInteger disconnects = new AtomicInteger();
      BusSubscription slow =
          bus.subscribe("a", conn("s1", "slowpoke"), (scope, c) -> disconnects.incrementAndGet());
      bus.emit(ChangeEvent.of("a", "1"));
      bus.emit(ChangeEvent.of("a", "2")); // dropped: onDrop disconnects the slow client
      assertEquals(1, disconnects.get());
      assertEquals(0, bus.subscriberCount());
      assertEquals(List.of("1"), rest(slow), "what was queued is still delivered");
    }

    @Test
    void aThrowingOnDropIsLoggedNeverThrownAndDeliveryGoesOn() {
      RecordingLogger log = new RecordingLogger();
      LocalBus bus =
          new LocalBus(
              1,
              (scope, e) -> {
                throw new IllegalStateException("onDrop broke");
              },
              System::nanoTime,
              log);
      buses.add(bus);
      BusSubscription full = bus.subscribe("a");
      BusSubscription other = bus.subscribe("a");
      bus.emit(ChangeEvent.of("a", "1"));
      drain(other);
      bus.emit(ChangeEvent.of("a", "2")); // full drops, onDrop throws, other still gets it
      assertEquals(List.of("2"), drain(other));
      assertEquals(List.of("1"), drain(full));
      assertTrue(
          log.entries.stream()
              .anyMatch(e -> e.error() != null && "onDrop broke".equals(e.error().getMessage())));
    }
  }

  @Nested
  class ThrottledWarning {
    @Test
    void warnsOncePerScopePerTenSecondsNamingTheScopeAndTheBound() {
      RecordingLogger log = new RecordingLogger();
      AtomicLong clock = new AtomicLong(1_000);
      LocalBus bus = new LocalBus(3, null, clock::get, log);
      buses.add(bus);
      bus.subscribe("room-1");
      bus.subscribe("room-2");
      for (int i = 0; i < 10; i++) {
        bus.emit(ChangeEvent.of("room-1", "p" + i));
      }
      assertEquals(7, bus.droppedCount());
      List<RecordingLogger.Entry> warnings = log.at(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.getFirst().message().contains("'room-1'"), warnings.getFirst().message());
      assertTrue(warnings.getFirst().message().contains("maxQueue=3"), warnings.getFirst().message());

      clock.addAndGet(DropWarnings.INTERVAL_NANOS - 1);
      bus.emit(ChangeEvent.of("room-1", "still throttled"));
      assertEquals(1, log.at(Level.WARNING).size());

      for (int i = 0; i < 4; i++) {
        bus.emit(ChangeEvent.of("room-2", "p" + i)); // another scope has its own throttle
      }
      assertEquals(2, log.at(Level.WARNING).size());
      assertTrue(log.at(Level.WARNING).get(1).message().contains("'room-2'"));

      clock.addAndGet(1);
      bus.emit(ChangeEvent.of("room-1", "after ten seconds"));
      List<RecordingLogger.Entry> after = log.at(Level.WARNING);
      assertEquals(3, after.size());
      assertTrue(after.get(2).message().contains("'room-1'"));
      assertTrue(after.get(2).message().contains("8 event copies dropped"), after.get(2).message());
    }
  }

  @Nested
  class Audience {
    @Test
    void audienceEventsReachOnlyListedUsersNeverAnonymousOrUserless() {
      ReactiveBus bus = bus(8);
      BusSubscription alice = bus.subscribe("a", conn("s1", "alice"), null);
      BusSubscription bob = bus.subscribe("a", conn("s2", "bob"), null);
      BusSubscription userless = bus.subscribe("a", conn("s3", null), null);
      BusSubscription anonymous = bus.subscribe("a");
      bus.emit(event("a", "for-alice", Set.of("alice")));
      bus.emit(event("a", "for-nobody-here", Set.of("carol")));
      bus.emit(event("a", "empty-audience", Set.of()));
      bus.emit(event("a", "all", null));
      assertEquals(List.of("for-alice", "all"), drain(alice));
      assertEquals(List.of("all"), drain(bob));
      assertEquals(List.of("all"), drain(userless));
      assertEquals(List.of("all"), drain(anonymous));
    }
  }

  @Nested
  class Origin {
    @Test
    void aSubscriberCanSkipItsOwnChanges() {
      ReactiveBus bus = bus(8);
      BusSubscription me = bus.subscribe("a", conn("me", "u"), null, SubscribeOption.SKIP_OWN_ORIGIN);
      BusSubscription plain = bus.subscribe("a", conn("me", "u"), null);
      bus.emit(new ChangeEvent("a", Set.of("mine"), "me", null));
      bus.emit(new ChangeEvent("a", Set.of("theirs"), "other", null));
      bus.emit(ChangeEvent.of("a", "unknown-origin"));
      assertEquals(List.of("theirs", "unknown-origin"), drain(me));
      assertEquals(List.of("mine", "theirs", "unknown-origin"), drain(plain));
      assertEquals(0, bus.droppedCount(), "skipped events do not occupy the queue");
    }

    @Test
    void theDefaultMethodFiltersOnTheConsumerSideForOtherBuses() {
      ReactiveBus local = bus(8);
      ReactiveBus foreign = new ForwardingBus(local); // does not override the option overload
      BusSubscription me = foreign.subscribe("a", conn("me", "u"), null, SubscribeOption.SKIP_OWN_ORIGIN);
      assertInstanceOf(OriginFilteringSubscription.class, me);
      foreign.emit(new ChangeEvent("a", Set.of("mine"), "me", null));
      foreign.emit(new ChangeEvent("a", Set.of("theirs"), "other", null));
      assertEquals(Set.of("theirs"), me.poll(LONG).changedPaths());
      assertNull(me.poll(SHORT));
      foreign.emit(new ChangeEvent("a", Set.of("mine-again"), "me", null));
      foreign.emit(new ChangeEvent("a", Set.of("last"), "other", null));
      me.close();
      assertEquals(List.of("last"), rest(me));
    }
  }

  @Nested
  class Closing {
    @Test
    void closeDeliversWhatIsQueuedThenEndsIteration() {
      ReactiveBus bus = bus(8);
      BusSubscription s = bus.subscribe("a");
      bus.emit(ChangeEvent.of("a", "1"));
      bus.emit(ChangeEvent.of("a", "2"));
      s.close();
      bus.emit(ChangeEvent.of("a", "after-close"));
      assertEquals(List.of("1", "2"), rest(s));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.poll(SHORT));
      assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void closeWakesABlockedIterator() throws Exception {
      ReactiveBus bus = bus(8);
      BusSubscription s = bus.subscribe("a");
      CompletableFuture<Boolean> hasNext = new CompletableFuture<>();
      Thread consumer = Thread.ofVirtual().start(() -> hasNext.complete(s.iterator().hasNext()));
      await().atMost(5, SECONDS).until(() -> consumer.getState() == Thread.State.WAITING);
      bus.close("a");
      assertFalse(hasNext.get(5, SECONDS));
    }

    @Test
    void closeOfAScopeEndsOnlyThatScopeAndUnknownScopesAreANoOp() {
      ReactiveBus bus = bus(8);
      BusSubscription a = bus.subscribe("a");
      BusSubscription b = bus.subscribe("b");
      bus.close("unknown");
      assertEquals(2, bus.subscriberCount());
      bus.close("a");
      assertEquals(1, bus.subscriberCount());
      assertFalse(a.iterator().hasNext());
      bus.emit(ChangeEvent.of("b", "still-open"));
      assertEquals(List.of("still-open"), drain(b));
      bus.subscribe("a"); // a closed scope can be joined again
      assertEquals(2, bus.subscriberCount());
    }

    @Test
    void closingTheBusEndsEverythingAndLaterSubscribesFail() {
      ReactiveBus bus = bus(8);
      BusSubscription a = bus.subscribe("a", conn("s1", "u1"), null);
      bus.emit(ChangeEvent.of("a", "queued"));
      bus.close();
      bus.close(); // idempotent
      assertEquals(0, bus.subscriberCount());
      assertEquals(List.of("queued"), rest(a));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> bus.subscribe("a"));
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void onDisconnectRunsExactlyOnceHoweverTheSubscriptionEnds() throws Exception {
      for (int round = 0; round < 100; round++) {
        ReactiveBus bus = bus(8);
        AtomicInteger calls = new AtomicInteger();
        List<String> args = new CopyOnWriteArrayList<>();
        BiConsumer<String, ConnectionInfo> onDisconnect =
            (scope, c) -> {
              calls.incrementAndGet();
              args.add(scope + "/" + c.sessionId());
            };
        BusSubscription s = bus.subscribe("room", conn("s1", "alice"), onDisconnect);
        CountDownLatch go = new CountDownLatch(1);
        List<Runnable> closers =
            List.of(s::close, () -> bus.close("room"), () -> bus.closeUser("alice"), bus::close);
        List<Thread> threads = new ArrayList<>();
        for (Runnable closer : closers) {
          threads.add(
              Thread.ofPlatform()
                  .start(
                      () -> {
                        try {
                          go.await();
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                        closer.run();
                      }));
        }
        go.countDown();
        for (Thread t : threads) {
          t.join();
        }
        assertEquals(1, calls.get(), "round " + round);
        assertEquals(List.of("room/s1"), args);
      }
    }

    @Test
    void aThrowingOnDisconnectIsLogged() {
      RecordingLogger log = new RecordingLogger();
      LocalBus bus = new LocalBus(4, null, System::nanoTime, log);
      buses.add(bus);
      BusSubscription s =
          bus.subscribe(
              "a",
              conn("s1", "u"),
              (scope, c) -> {
                throw new IllegalStateException("disconnect broke");
              });
      s.close();
      assertEquals(0, bus.subscriberCount());
      assertTrue(log.entries.stream().anyMatch(e -> e.message().contains("onDisconnect")));
    }
  }

  @Nested
  class PresenceAndUsers {
    @Test
    void presenceListsTheConnectionsOfAScopeButNotAnonymousSubscribers() {
      ReactiveBus bus = bus(8);
      ConnectionInfo alice = conn("s1", "alice");
      ConnectionInfo bob = conn("s2", "bob");
      bus.subscribe("a", alice, null);
      BusSubscription bobs = bus.subscribe("a", bob, null);
      bus.subscribe("a");
      bus.subscribe("b", conn("s3", "carol"), null);
      assertEquals(Set.of(alice, bob), bus.presence("a"));
      assertEquals(Set.of(), bus.presence("unknown"));
      bobs.close();
      assertEquals(Set.of(alice), bus.presence("a"));
      assertEquals(4 - 1, bus.subscriberCount());
    }

    @Test
    void closeUserClosesThatUsersSubscriptionsAndReturnsHowMany() {
      ReactiveBus bus = bus(8);
      BusSubscription a1 = bus.subscribe("a", conn("s1", "alice"), null);
      BusSubscription a2 = bus.subscribe("b", conn("s2", "alice"), null);
      BusSubscription a3 = bus.subscribe("b", conn("s3", "alice"), null);
      BusSubscription bob = bus.subscribe("b", conn("s4", "bob"), null);
      assertEquals(2, bus.closeUser("alice", "b"));
      assertEquals(0, bus.closeUser("alice", "b"));
      assertEquals(0, bus.closeUser("alice", "unknown"));
      assertEquals(1, bus.closeUser("alice"));
      assertEquals(0, bus.closeUser("nobody"));
      assertEquals(1, bus.subscriberCount());
      for (BusSubscription closed : List.of(a1, a2, a3)) {
        Iterator<ChangeEvent> it = closed.iterator();
        assertFalse(it.hasNext());
      }
      bus.emit(ChangeEvent.of("b", "bob-still-here"));
      assertEquals(List.of("bob-still-here"), drain(bob));
    }
  }

  /** A bus that forwards everything and relies on the interface's default option overload. */
  private record ForwardingBus(ReactiveBus delegate) implements ReactiveBus {
    @Override
    public void emit(ChangeEvent event) {
      delegate.emit(event);
    }

    @Override
    public BusSubscription subscribe(String scope) {
      return delegate.subscribe(scope);
    }

    @Override
    public BusSubscription subscribe(
        String scope, ConnectionInfo connection, @Nullable BiConsumer<String, ConnectionInfo> onDisconnect) {
      return delegate.subscribe(scope, connection, onDisconnect);
    }

    @Override
    public long emittedCount() {
      return delegate.emittedCount();
    }

    @Override
    public long droppedCount() {
      return delegate.droppedCount();
    }

    @Override
    public int subscriberCount() {
      return delegate.subscriberCount();
    }

    @Override
    public Set<ConnectionInfo> presence(String scope) {
      return delegate.presence(scope);
    }

    @Override
    public void close(String scope) {
      delegate.close(scope);
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public int closeUser(String userId) {
      return delegate.closeUser(userId);
    }

    @Override
    public int closeUser(String userId, String scope) {
      return delegate.closeUser(userId, scope);
    }
  }
}
