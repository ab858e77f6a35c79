/**
 * Weft: fine-grained reactive signals, derived values and effects, plus async nodes whose whole body
 * is tracked because it runs on a virtual thread.
 *
 * <p>Start with {@link dev.weft.Weft} (a static facade over {@link dev.weft.Graph#global()}) or an
 * isolated {@link dev.weft.Graph}. Every public method is safe to call from any thread.
 */
@NullMarked
package dev.weft;

import org.jspecify.annotations.NullMarked;
