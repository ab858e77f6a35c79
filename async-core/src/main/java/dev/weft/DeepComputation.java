package dev.weft;

import java.io.Serial;

/**
 * Unwinds a derived computation that went too deep (a long chain computed for the first time
 * recurses through user functions), so that the outermost computation can compute {@link #first}
 * at depth zero and retry: a trampoline that keeps stack use bounded by {@link
 * Kernel#MAX_COMPUTE_DEPTH}. An {@link Error} so that user code catching {@code Exception} lets it
 * pass; stackless, since it is control flow. Never escapes the kernel.
 */
final class DeepComputation extends Error {
  @Serial private static final long serialVersionUID = 1L;

  final transient DerivedNode<?> first;

  DeepComputation(DerivedNode<?> first) {
    super(null, null, false, false);
    this.first = first;
  }
}
