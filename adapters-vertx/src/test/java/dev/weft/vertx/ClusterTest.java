package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import io.vertx.core.internal.VertxInternal;
import java.time.Instant;
import java.util.Set;
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
  class ForwardingBetweenNodes {

    @Test
    void anEventEmittedOnNodeACrossesTheWireToNodeB() {
      RecordingBus localB = new RecordingBus();
      ClusteredBus a = new ClusteredBus((VertxInternal) cluster.a, "cluster.forwarding", new RecordingBus());
      ClusteredBus b = new ClusteredBus((VertxInternal) cluster.b, "cluster.forwarding", localB);
      try {
        b.subscribe("room", new ConnectionInfo("s1", "ann", Instant.EPOCH), null);
        await(b.ready());

        ChangeEvent broadcast = new ChangeEvent("room", Set.of("title", "body"), "session-9", null);
        ChangeEvent forAnn = new ChangeEvent("room", Set.of("secret"), null, Set.of("ann", "bob"));
        a.emit(broadcast);
        a.emit(forAnn);

        assertEquals(Set.of(broadcast, forAnn), Set.of(localB.next(), localB.next()));
      } finally {
        a.close();
        b.close();
      }
    }
  }
}
