/** The cellx benchmark (1000 and 2500 layers of four cells) and its JMH benchmark. */
@NullMarked
package dev.weft.bench.cellx;

import org.jspecify.annotations.NullMarked;
