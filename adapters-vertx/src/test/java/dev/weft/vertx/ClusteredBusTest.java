package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import dev.weft.bus.SubscribeOption;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link ReactiveBus} contract of {@link VertxBridge#clusteredBus}, with its real local bus per
 * node. Two buses on one Vert.x with the same prefix are two nodes: the EventBus routes between them
 * exactly as between cluster members ({@link ClusterTest} covers the real cluster).
 */
@ExtendWith(VertxExtension.class)
class ClusteredBusTest {
  private static final String PREFIX = "weft.contract";
  private static final Duration SHORT = Duration.ofMillis(50);

  private static ConnectionInfo connection(String session, String userId) {
    return new ConnectionInfo(session, userId, Instant.EPOCH);
  }

  private static ReactiveBus node(Vertx vertx) {
    return VertxBridge.clusteredBus(vertx, PREFIX);
  }

  private static ReactiveBus ready(ReactiveBus bus) {
    await(((ClusteredBus) bus).ready());
    return bus;
  }

  private static ChangeEvent next(BusSubscription subscription) {
    ChangeEvent event = subscription.poll(TestSupport.TIMEOUT);
    if (event == null) {
      throw new AssertionError("no event within " + TestSupport.TIMEOUT + " on " + subscription);
    }
    return event;
  }

  @Nested
  class Delivery {

    @Test
    void aSubscriberOnOneNodeReceivesWhatAnotherNodeEmits(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      BusSubscription onB = b.subscribe("room");
      ready(b);

      a.emit(ChangeEvent.of("room", "title"));
      a.emit(ChangeEvent.of("room", "body"));

      assertEquals(ChangeEvent.of("room", "title"), next(onB));
      assertEquals(ChangeEvent.of("room", "body"), next(onB));
    }

    @Test
    void aSubscriberOnTheEmittingNodeGetsEachEventOnce(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      BusSubscription onA = a.subscribe("room");
      BusSubscription onB = b.subscribe("room");
      ready(a);
      ready(b);

      a.emit(ChangeEvent.of("room", "x"));
      next(onB);
      b.emit(ChangeEvent.of("room", "marker")); // reaches a after a's own event came back to it

      assertEquals(ChangeEvent.of("room", "x"), next(onA));
      assertEquals(ChangeEvent.of("room", "marker"), next(onA));
      assertNull(onA.poll(SHORT));
    }

    @Test
    void skipOwnOriginWorksAcrossNodes(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      BusSubscription ann = b.subscribe("room", connection("s-ann", "ann"), null,
          SubscribeOption.SKIP_OWN_ORIGIN);
      ready(b);

      a.emit(new ChangeEvent("room", Set.of("mine"), "s-ann", null));
      a.emit(new ChangeEvent("room", Set.of("theirs"), "s-bob", null));

      assertEquals(Set.of("theirs"), next(ann).changedPaths());
    }
  }

  @Nested
  class Audience {

    @Test
    void reachesOnlyItsMembersOnOtherNodes(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      BusSubscription ann = b.subscribe("room", connection("s1", "ann"), null);
      BusSubscription bob = b.subscribe("room", connection("s2", "bob"), null);
      BusSubscription anonymous = b.subscribe("room");
      ready(b);

      ChangeEvent forAnn = new ChangeEvent("room", Set.of("secret"), null, Set.of("ann", "carl"));
      a.emit(forAnn);
      a.emit(ChangeEvent.of("room", "marker"));

      assertEquals(forAnn, next(ann));
      assertEquals(ChangeEvent.of("room", "marker"), next(ann));
      assertEquals(ChangeEvent.of("room", "marker"), next(bob), "bob is not in the audience");
      assertEquals(ChangeEvent.of("room", "marker"), next(anonymous), "anonymous never gets audience events");
    }

    @Test
    void reachesEveryMemberOnANodeOnce(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      BusSubscription ann = b.subscribe("room", connection("s1", "ann"), null);
      BusSubscription bob = b.subscribe("room", connection("s2", "bob"), null);
      ready(b);

      ChangeEvent forBoth = new ChangeEvent("room", Set.of("secret"), null, Set.of("ann", "bob"));
      a.emit(forBoth);
      a.emit(ChangeEvent.of("room", "marker"));

      for (BusSubscription member : List.of(ann, bob)) {
        assertEquals(forBoth, next(member));
        assertEquals(ChangeEvent.of("room", "marker"), next(member));
      }
    }
  }

  @Nested
  class PerNodeState {

    @Test
    void presenceAndSubscriberCountAreThisNodesConnections(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      ConnectionInfo annOnA = connection("s1", "ann");
      ConnectionInfo bobOnB = connection("s2", "bob");
      a.subscribe("room", annOnA, null);
      b.subscribe("room", bobOnB, null);
      b.subscribe("room");

      assertEquals(Set.of(annOnA), a.presence("room"));
      assertEquals(Set.of(bobOnB), b.presence("room"));
      assertEquals(1, a.subscriberCount());
      assertEquals(2, b.subscriberCount());
    }

    @Test
    void emittedCountCountsTheEmitsMadeOnThisNode(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      BusSubscription onB = b.subscribe("room");
      ready(b);

      a.emit(ChangeEvent.of("room", "x"));
      a.emit(ChangeEvent.of("nobody", "y"));
      next(onB);

      assertEquals(2, a.emittedCount());
      assertEquals(0, b.emittedCount());
    }

    @Test
    void dropsAreCountedAndReportedByTheNodeWhoseQueueIsFull(Vertx vertx) {
      List<String> droppedOnB = new CopyOnWriteArrayList<>();
      ReactiveBus a = node(vertx);
      ReactiveBus b = VertxBridge.clusteredBus(vertx, PREFIX,
          ReactiveBus.builder().maxQueue(1).onDrop((scope, event) -> droppedOnB.add(scope)));
      b.subscribe("room"); // never read: holds one event, drops the rest
      ready(b);

      a.emit(ChangeEvent.of("room", "1"));
      a.emit(ChangeEvent.of("room", "2"));
      a.emit(ChangeEvent.of("room", "3"));

      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> b.droppedCount() == 2);
      assertEquals(List.of("room", "room"), droppedOnB);
      assertEquals(0, a.droppedCount());
    }

    @Test
    void closingAScopeOrAUserEndsOnlyThisNodesSubscriptions(Vertx vertx) {
      ReactiveBus a = node(vertx);
      ReactiveBus b = node(vertx);
      List<String> disconnected = new CopyOnWriteArrayList<>();
      BusSubscription annOnA = a.subscribe("room", connection("s1", "ann"), null);
      b.subscribe("room", connection("s2", "ann"), (scope, c) -> disconnected.add(c.sessionId()));
      BusSubscription anonymousOnB = b.subscribe("room");

      assertEquals(1, b.closeUser("ann"));
      b.close("room");

      assertEquals(List.of("s2"), disconnected);
      assertEquals(List.of(), drain(anonymousOnB), "iteration ends after close");
      assertEquals(Set.of(connection("s1", "ann")), a.presence("room"));
      assertEquals(0, b.subscriberCount());
      assertNull(annOnA.poll(SHORT), "a's subscription is still open");
    }

    @Test
    void aClosedNodeRefusesSubscribersAndStopsReceiving(Vertx vertx) {
      ReactiveBus b = node(vertx);
      BusSubscription onB = b.subscribe("room");

      b.close();

      assertEquals(List.of(), drain(onB));
      assertThrows(IllegalStateException.class, () -> b.subscribe("room"));
      assertEquals(0, ((ClusteredBus) b).addressCount());
    }
  }

  private static List<ChangeEvent> drain(BusSubscription subscription) {
    List<ChangeEvent> events = new ArrayList<>();
    subscription.forEach(events::add);
    return events;
  }
}
