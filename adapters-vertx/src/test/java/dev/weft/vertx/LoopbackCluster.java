package dev.weft.vertx;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

/**
 * Two clustered Vert.x nodes in this JVM, joined by a real Hazelcast cluster manager on loopback only:
 * no multicast or auto-detection, TCP-IP join on 127.0.0.1, a cluster name of its own (so it never
 * joins anything else), short timeouts, and the EventBus bound to 127.0.0.1.
 */
final class LoopbackCluster implements AutoCloseable {
  final Vertx a;
  final Vertx b;

  private LoopbackCluster(Vertx a, Vertx b) {
    this.a = a;
    this.b = b;
  }

  /** Starts node a, then node b, which joins it (only b knows both addresses). */
  static LoopbackCluster start() {
    String clusterName = "weft-test-" + UUID.randomUUID();
    int portA = freeLoopbackPort();
    int portB = freeLoopbackPort();
    Vertx a = TestSupport.await(node(clusterName, portA, portA));
    try {
      Vertx b = TestSupport.await(node(clusterName, portB, portA));
      return new LoopbackCluster(a, b);
    } catch (RuntimeException | Error e) {
      TestSupport.await(a.close());
      throw e;
    }
  }

  private static Future<Vertx> node(String clusterName, int port, int joinPort) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port)
        .addMember("127.0.0.1:" + joinPort).setConnectionTimeoutSeconds(2);

    VertxOptions options = new VertxOptions().setEventBusOptions(
        new EventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1"));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config))
        .buildClustered();
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for the test cluster", e);
    }
  }

  @Override
  public void close() {
    try {
      TestSupport.await(b.close());
    } finally {
      TestSupport.await(a.close());
    }
  }
}
