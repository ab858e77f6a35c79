package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Graph;
import dev.weft.Producer;
import dev.weft.Signal;
import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two clustered Vert.x nodes joined by Hazelcast on loopback ({@link LoopbackCluster}). */
@Timeout(120)
class ClusterTest {
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Nested
  class BusAcrossNodes {

    @Test
    void anEmitOnNodeAReachesASubscriberOnNodeB() {
      ReactiveBus a = VertxBridge.clusteredBus(cluster.a, "cluster.bus");
      ReactiveBus b = VertxBridge.clusteredBus(cluster.b, "cluster.bus");
      try {
        BusSubscription ann = b.subscribe("room", new ConnectionInfo("s1", "ann", Instant.EPOCH), null);
        await(((ClusteredBus) b).ready());

        ChangeEvent broadcast = new ChangeEvent("room", Set.of("title", "body"), "session-9", null);
        ChangeEvent forAnn = new ChangeEvent("room", Set.of("secret"), null, Set.of("ann", "bob"));
        a.emit(broadcast);
        a.emit(forAnn);

        // the two kinds travel on different addresses: their order across nodes is not guaranteed
        assertEquals(Set.of(broadcast, forAnn), Set.of(next(ann), next(ann)));
        assertEquals(Set.of(new ConnectionInfo("s1", "ann", Instant.EPOCH)), b.presence("room"));
        assertEquals(Set.of(), a.presence("room"), "presence is per node");
      } finally {
        a.close();
        b.close();
      }
    }
  }

  @Nested
  class SignalsAcrossNodes {

    @Test
    void aSignalPublishedOnNodeADrivesAProducerOnNodeB() {
      try (Graph onA = Graph.create(); Graph onB = Graph.create()) {
        Signal<Integer> price = onA.signal(0);
        Producer<Integer> remotePrice = VertxBridge.fromEventBus(onB, cluster.b, "cluster.prices", -1);
        List<Integer> seenOnB = new CopyOnWriteArrayList<>();
        onB.effect(() -> seenOnB.add(remotePrice.get())); // registers B's consumer
        VertxBridge.publish(price, cluster.a, "cluster.prices");

        // Node A learns of B's consumer asynchronously; until then its publishes reach nobody.
        Awaitility.await().atMost(TestSupport.TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
          price.update(p -> p + 1);
          return remotePrice.peek() > 0;
        });
        price.set(1000);

        Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> remotePrice.peek() == 1000);
        assertEquals(1000, seenOnB.getLast());
        assertEquals(-1, seenOnB.getFirst());
      }
    }
  }

  private static ChangeEvent next(BusSubscription subscription) {
    ChangeEvent event = subscription.poll(TestSupport.TIMEOUT);
    if (event == null) {
      throw new AssertionError("no event crossed the cluster within " + TestSupport.TIMEOUT);
    }
    return event;
  }
}
