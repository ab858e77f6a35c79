package dev.weft.samples;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Producer;
import dev.weft.Signal;
import dev.weft.reactor.ReactorBridge;
import dev.weft.reactor.ReactorTaskFactory;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Weft and Project Reactor meet both ways: a signal becomes a Flux for an operator chain, an async
 * derived a Mono, a Publisher feeds a producer, and async runs can execute on a Reactor Scheduler.
 */
public final class FluxSample {
  private FluxSample() {}

  public static void main(String[] args) {
    run();
  }

  static void run() {
    try (Graph graph = Graph.builder().name("prices")
        .taskFactory(ReactorTaskFactory.of(Schedulers.boundedElastic())).build()) {
      Signal<Integer> price = graph.signal(100);

      // Signal -> Flux: the current value, then every change; then plain Reactor operators.
      var bigMoves = ReactorBridge.toFlux(price)
          .buffer(2, 1) // consecutive pairs
          .filter(pair -> pair.size() == 2 && Math.abs(pair.get(1) - pair.get(0)) >= 5)
          .map(pair -> pair.get(0) + " -> " + pair.get(1))
          .doOnNext(move -> System.out.println("  flux: big move " + move))
          .take(2)
          .collectList()
          .toFuture();
      for (int p : List.of(101, 108, 109, 103, 104)) {
        price.set(p); // small moves are filtered out by the chain
      }
      System.out.println("the chain collected " + bigMoves.join());

      // AsyncDerived -> Mono; the run itself executes on Reactor's boundedElastic scheduler.
      AsyncDerived<String> quote = graph.asyncDerived(() ->
          "quote " + price.get() + " computed on " + Thread.currentThread().getName());
      System.out.println(ReactorBridge.toMono(quote).map(q -> "mono: " + q).block(Duration.ofSeconds(5)));

      // Publisher -> producer: subscribes on the first read, cancels on dispose.
      Producer<Long> ticks = ReactorBridge.fromPublisher(graph, Flux.interval(Duration.ofMillis(20)).take(3), -1L);
      var seen = ReactorBridge.toFlux(ticks).takeUntil(t -> t == 2).collectList().block(Duration.ofSeconds(5));
      System.out.println("a producer fed by Flux.interval went through " + seen);
      ticks.dispose();
    }
  }
}
