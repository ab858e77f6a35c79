/**
 * Vert.x 5 adapter for Weft.
 *
 * <ul>
 *   <li>{@link dev.weft.vertx.VertxTaskFactory}: where async reruns execute: on an event loop
 *       ({@code runOnContext}, never interrupted; a body polls {@code currentTaskCancelled()}) or on
 *       Vert.x virtual-thread contexts (where {@code Future.await()} suspends, and cancelling
 *       interrupts).
 *   <li>{@link dev.weft.vertx.VertxBridge}: {@code AsyncDerived} to {@code Future}, EventBus address to
 *       {@code Producer}, signal to EventBus address, and a {@code ReactiveBus} across a cluster.
 * </ul>
 *
 * <pre>{@code
 * AsyncDerived<JsonObject> user = graph.asyncDerived(
 *     () -> client.request(HttpMethod.GET, "/users/" + userId.get())
 *         .compose(HttpClientRequest::send).compose(HttpClientResponse::body).await().toJsonObject(),
 *     AsyncDerived.Options.defaults().taskFactory(VertxTaskFactory.virtualThreads(vertx)));
 * VertxBridge.toFuture(user).onSuccess(json -> ...);          // callbacks on the caller's context
 *
 * Producer<String> quote = VertxBridge.fromEventBus(graph, vertx, "quotes", "n/a");
 * VertxBridge.publish(price, vertx, "prices");                  // each change, cluster-wide
 * ReactiveBus bus = VertxBridge.clusteredBus(vertx, "app.bus"); // one per node, same prefix
 * }</pre>
 */
@NullMarked
package dev.weft.vertx;

import org.jspecify.annotations.NullMarked;
