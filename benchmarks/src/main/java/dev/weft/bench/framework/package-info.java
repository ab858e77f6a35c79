/**
 * The adapter every measured library implements ({@link dev.weft.bench.framework.ReactiveFramework}),
 * and the adapters themselves, created by name through {@link dev.weft.bench.framework.Frameworks}.
 *
 * <p>The adapter shape is the one of the js-reactivity-benchmark ({@code signal}, {@code computed},
 * {@code effect}, {@code withBatch}, {@code withBuild}, {@code cleanup}), so every scenario is
 * written once and runs unchanged on every library.
 */
@NullMarked
package dev.weft.bench.framework;

import org.jspecify.annotations.NullMarked;
