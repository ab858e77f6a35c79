/**
 * Weft on Vert.x 5: task factories that run async reruns on an event loop or on virtual-thread
 * contexts, bridges between Weft values and Vert.x {@code Future}s / the EventBus, and a
 * {@link dev.weft.bus.ReactiveBus} spread over a Vert.x cluster.
 */
module dev.weft.vertx {
  requires transitive dev.weft;
  requires transitive io.vertx.core;
  requires static transitive org.jspecify;

  exports dev.weft.vertx;
}
