/**
 * A scoped broadcast bus: change events pushed to bounded per-subscriber queues, with audiences,
 * presence and drop accounting. One contract, local ({@link dev.weft.bus.ReactiveBus#create()}) or
 * clustered (the Vert.x adapter).
 */
@NullMarked
package dev.weft.bus;

import org.jspecify.annotations.NullMarked;
