/**
 * Weft's core: the reactive graph kernel, signals, derived values, effects, async nodes on virtual
 * threads, producers, reactive collections and config ({@code dev.weft}), the scoped broadcast bus
 * ({@code dev.weft.bus}) and session state with event handlers ({@code dev.weft.state}).
 */
module dev.weft {
  requires static transitive org.jspecify;
  requires org.jctools.core;

  exports dev.weft;
  exports dev.weft.bus;
  exports dev.weft.state;
}
