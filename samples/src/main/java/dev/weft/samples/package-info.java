/**
 * A console tour of Weft: one short, runnable sample per main use, each printing what happens.
 * {@link dev.weft.samples.Tour} runs them all in order.
 */
@NullMarked
package dev.weft.samples;

import org.jspecify.annotations.NullMarked;
