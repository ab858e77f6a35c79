/**
 * jcstress tests of Weft's public API: each {@code @JCStressTest} races a few actors on fresh state
 * millions of times and classifies every outcome; a FORBIDDEN outcome is a concurrency bug. Run with
 * {@code stress/run.sh} (see the README there).
 */
@NullMarked
package dev.weft.stress;

import org.jspecify.annotations.NullMarked;
