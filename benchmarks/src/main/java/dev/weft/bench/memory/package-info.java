/** Retained bytes per signal, derived value, effect and dependency edge, per library. */
@NullMarked
package dev.weft.bench.memory;

import org.jspecify.annotations.NullMarked;
