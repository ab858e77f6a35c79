/**
 * Project Reactor bridges for Weft ({@code dev.weft.reactor}): signals as {@code Flux}, async derived
 * values as {@code Mono}, any Reactive Streams {@code Publisher} as a {@code Producer}, bus subscriptions
 * as {@code Flux}, and a {@code TaskFactory} running async nodes on a Reactor {@code Scheduler}.
 */
module dev.weft.reactor {
  requires transitive dev.weft;
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires static transitive org.jspecify;

  exports dev.weft.reactor;
}
