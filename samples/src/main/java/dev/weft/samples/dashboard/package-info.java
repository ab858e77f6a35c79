/**
 * A live dashboard: a Vert.x HTTP server on 127.0.0.1 serving one page that Server-Sent Events keep
 * up to date from a Weft graph (a ticking producer, derived statistics, a slow async forecast with a
 * visible loading state, bus presence, and per-tab session state changed through an EventRuntime).
 * Start it with {@link dev.weft.samples.dashboard.Dashboard#main}.
 */
@NullMarked
package dev.weft.samples.dashboard;

import org.jspecify.annotations.NullMarked;
