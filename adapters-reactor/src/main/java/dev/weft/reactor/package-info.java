/**
 * Project Reactor interop for Weft: {@link dev.weft.reactor.ReactorBridge} moves values between signals
 * and Reactive Streams in both directions; {@link dev.weft.reactor.ReactorTaskFactory} runs async nodes
 * on a Reactor {@code Scheduler}.
 */
@NullMarked
package dev.weft.reactor;

import org.jspecify.annotations.NullMarked;
