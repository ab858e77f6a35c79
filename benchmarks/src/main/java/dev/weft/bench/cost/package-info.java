/**
 * The cost of one write split into its parts (the write, propagation and flush, a computed, a
 * tracked read), per framework, next to the floor of thread safety (an uncontended lock).
 */
@NullMarked
package dev.weft.bench.cost;

import org.jspecify.annotations.NullMarked;
