package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the clustered layer hands each node's local bus. Several bus instances on one Vert.x act as
 * nodes: the EventBus routes between them exactly as between cluster members.
 */
@ExtendWith(VertxExtension.class)
class ClusteredBusRoutingTest {
  private static final String PREFIX = "test.bus";

  private static ConnectionInfo user(String userId) {
    return new ConnectionInfo("session-" + userId, userId, Instant.EPOCH);
  }

  private static ChangeEvent forUsers(String scope, String... users) {
    return new ChangeEvent(scope, Set.of("x"), null, Set.of(users));
  }

  private record Node(ClusteredBus bus, RecordingBus local) {
    static Node on(Vertx vertx) {
      RecordingBus local = new RecordingBus();
      return new Node(new ClusteredBus((VertxInternal) vertx, PREFIX, local), local);
    }

    Node ready() {
      await(bus.ready());
      return this;
    }
  }

  @Nested
  class Broadcast {

    @Test
    void anEmitReachesAnotherNodeWithASubscriberOfTheScope(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      b.bus.subscribe("room");
      b.ready();

      ChangeEvent event = new ChangeEvent("room", Set.of("title"), "session-1", null);
      a.bus.emit(event);

      assertEquals(event, b.local.next());
      assertEquals(event, a.local.next(), "the emitting node delivers locally at once");
    }

    @Test
    void theEmittingNodeIgnoresItsOwnEventsLoopedBackByTheEventBus(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      a.bus.subscribe("room");
      b.bus.subscribe("room");
      a.ready();
      b.ready();

      a.bus.emit(ChangeEvent.of("room", "first"));
      assertEquals(ChangeEvent.of("room", "first"), b.local.next());
      b.bus.emit(ChangeEvent.of("room", "marker")); // reaches a after a's loop-back copy of "first"

      assertEquals(ChangeEvent.of("room", "first"), a.local.next());
      assertEquals(ChangeEvent.of("room", "marker"), a.local.next());
      assertEquals(List.of(), a.local.pending());
    }

    @Test
    void aNodeWithoutSubscribersOfTheScopeReceivesNothing(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      b.bus.subscribe("other");
      b.ready();

      a.bus.emit(ChangeEvent.of("room", "x"));
      a.bus.emit(ChangeEvent.of("other", "marker"));

      assertEquals(ChangeEvent.of("other", "marker"), b.local.next());
      assertEquals(List.of(), b.local.pending());
    }

    @Test
    void countsEveryEmitOnTheEmittingNodeOnly(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      b.bus.subscribe("room");
      b.ready();

      a.bus.emit(ChangeEvent.of("room", "x"));
      a.bus.emit(ChangeEvent.of("nobody-listens", "x"));
      b.local.next();

      assertEquals(2, a.bus.emittedCount());
      assertEquals(0, b.bus.emittedCount());
    }
  }

  @Nested
  class Audience {

    @Test
    void anAudienceEventTravelsOnlyToNodesWithAMember(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      Node c = Node.on(vertx);
      b.bus.subscribe("room", user("ann"), null);
      c.bus.subscribe("room", user("bob"), null);
      b.ready();
      c.ready();

      a.bus.emit(forUsers("room", "ann"));
      a.bus.emit(ChangeEvent.of("room", "marker"));

      assertEquals(forUsers("room", "ann"), b.local.next());
      assertEquals(ChangeEvent.of("room", "marker"), c.local.next());
      assertEquals(List.of(), c.local.pending(), "c has no member of the audience");
    }

    @Test
    void aNodeWithSeveralMembersGetsTheEventOnce(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      b.bus.subscribe("room", user("ann"), null);
      b.bus.subscribe("room", user("bob"), null);
      b.ready();

      a.bus.emit(forUsers("room", "ann", "bob", "carl"));
      a.bus.emit(ChangeEvent.of("room", "marker"));

      assertEquals(forUsers("room", "ann", "bob", "carl"), b.local.next());
      assertEquals(ChangeEvent.of("room", "marker"), b.local.next());
      assertEquals(List.of(), b.local.pending());
    }

    @Test
    void anEmptyAudienceLeavesTheNodeForNobody(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      b.bus.subscribe("room", user("ann"), null);
      b.bus.subscribe("room");
      b.ready();

      a.bus.emit(forUsers("room"));
      a.bus.emit(ChangeEvent.of("room", "marker"));

      assertEquals(ChangeEvent.of("room", "marker"), b.local.next());
      assertEquals(List.of(), b.local.pending());
    }
  }

  @Nested
  class Addresses {

    @Test
    void areConsumedWhileASubscriptionNeedsThem(Vertx vertx) {
      Node b = Node.on(vertx);

      BusSubscription first = b.bus.subscribe("room");
      BusSubscription second = b.bus.subscribe("room");
      BusSubscription ann = b.bus.subscribe("room", user("ann"), null);
      assertEquals(2, b.bus.addressCount(), "the scope's address and ann's");

      first.close();
      ann.close();
      assertEquals(1, b.bus.addressCount());
      second.close();
      second.close();
      assertEquals(0, b.bus.addressCount());
    }

    @Test
    void areReleasedWhenTheLocalBusEndsSubscriptions(Vertx vertx) {
      Node b = Node.on(vertx);
      b.bus.subscribe("room", user("ann"), null);
      b.bus.subscribe("lobby", user("ann"), null);
      b.bus.subscribe("room");
      assertEquals(4, b.bus.addressCount());

      assertEquals(2, b.bus.closeUser("ann"));
      assertEquals(1, b.bus.addressCount());
      b.bus.close("room");
      assertEquals(0, b.bus.addressCount());
    }

    @Test
    void scopeAndUserNamesCannotCollide(Vertx vertx) {
      Node b = Node.on(vertx);

      assertEquals(false, b.bus.userAddress("a/b", "c").equals(b.bus.userAddress("a", "b/c")));
    }

    @Test
    void areAllReleasedByClose(Vertx vertx) {
      Node b = Node.on(vertx);
      b.bus.subscribe("room");
      b.bus.subscribe("room", user("ann"), null);

      b.bus.close();

      assertEquals(0, b.bus.addressCount());
      assertThrows(IllegalStateException.class, () -> b.bus.subscribe("room"));
    }

    @Test
    void aClosedNodeNoLongerForwardsItsEmits(Vertx vertx) {
      Node a = Node.on(vertx);
      Node b = Node.on(vertx);
      Node c = Node.on(vertx);
      a.bus.subscribe("room");
      a.ready();

      b.bus.close();
      b.bus.emit(ChangeEvent.of("room", "after close"));
      c.bus.emit(ChangeEvent.of("room", "marker"));

      assertEquals(ChangeEvent.of("room", "marker"), a.local.next());
      assertEquals(List.of(), a.local.pending());
    }
  }
}
