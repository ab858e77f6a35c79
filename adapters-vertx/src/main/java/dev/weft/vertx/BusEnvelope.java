package dev.weft.vertx;

import dev.weft.bus.ChangeEvent;

/**
 * A {@link ChangeEvent} as it travels between the nodes of a {@link ClusteredBus}: tagged with the
 * emitting bus instance and a per-instance sequence number, so a node ignores its own events when
 * Vert.x loops them back, and delivers an audience event once even if it arrives through the
 * addresses of several audience members. Immutable.
 *
 * @param node the id of the emitting bus instance
 * @param sequence the emitting instance's sequence number of the event, from 1
 * @param event the event
 */
record BusEnvelope(String node, long sequence, ChangeEvent event) {}
