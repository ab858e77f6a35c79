/**
 * Vert.x 5 adapter for Weft.
 *
 * <ul>
 *   <li>{@link dev.weft.vertx.VertxTaskFactory}: where async reruns execute: on an event loop
 *       ({@code runOnContext}, never interrupted) or on Vert.x virtual-thread contexts (where
 *       {@code Future.await()} suspends, and cancelling interrupts).
 *   <li>{@link dev.weft.vertx.VertxBridge}: {@code AsyncDerived} to {@code Future}, EventBus address to
 *       {@code Producer}, signal to EventBus address, and a {@code ReactiveBus} across a cluster.
 * </ul>
 */
@NullMarked
package dev.weft.vertx;

import org.jspecify.annotations.NullMarked;
