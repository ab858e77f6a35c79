package dev.weft.reactor;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Producer;
import dev.weft.ReadableSignal;
import dev.weft.Subscription;
import dev.weft.Weft;
import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ReactiveBus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Moves values between Weft and Project Reactor, in both directions, without glitches, lost updates or
 * leaked subscriptions. Every method is safe from any thread. Every returned {@code Flux} and {@code
 * Mono} is cold: nothing is registered until a subscriber subscribes, and each subscriber gets its own
 * registration, released when it cancels. The {@code Flux}es pass the Reactive Streams TCK publisher
 * rules, and the subscriber behind {@link #fromPublisher} its subscriber rules.
 */
public final class ReactorBridge {

  private ReactorBridge() {}

  /**
   * Returns a {@code Flux} of the signal's values: the current value on subscribe, then each new one.
   * It never completes by itself; cancel it to stop watching.
   *
   * <ul>
   *   <li><b>Latest wins.</b> Values that arrive while the subscriber has no outstanding demand are
   *       not queued: only the latest is kept and delivered on the next {@code request}. A subscriber
   *       that requested 1 while 1000 writes happened receives the 1000th.
   *   <li><b>Serialized.</b> {@code onNext} is never called concurrently, whatever threads write. It
   *       runs on the writing thread inside the graph's flush, like any subscriber of the signal (or
   *       on the requesting thread, for a value kept while there was no demand): keep it short and
   *       non-blocking, or move the work with {@code publishOn}, so that writers are not held up.
   *   <li><b>No gap.</b> The registration is made through {@link ReadableSignal#subscribe}, which
   *       registers before it reads the current value, so no write can fall between the two.
   *   <li><b>No leak.</b> Cancelling (or an error downstream) disposes the graph subscription, so a
   *       derived value that only this {@code Flux} watched goes back to being lazy.
   * </ul>
   *
   * If the first read fails (a derived value whose function throws), the {@code Flux} fails with that
   * exception. A failure after that is not an {@code onError}: {@link ReadableSignal#subscribe} has no
   * error channel, so, as for every subscriber, the graph reports it to the writer whose change caused
   * it, and the {@code Flux} resumes with the next value that reads successfully.
   *
   * @throws NullPointerException if {@code signal} is null
   */
  public static <T> Flux<T> toFlux(ReadableSignal<T> signal) {
    Objects.requireNonNull(signal, "signal");
    // Threads: sink.next is called by the graph on writing threads (inside its flush) and, for the
    // first value, on the subscribing thread; Flux.create's serialised sink makes concurrent next
    // calls safe and LATEST keeps one pending value. request/cancel come from the subscriber's
    // threads; cancel runs onDispose, which disposes the graph subscription (idempotent, any thread).
    return Flux.create(sink -> {
      Subscription subscription;
      try {
        subscription = signal.subscribe(sink::next);
      } catch (RuntimeException e) {
        sink.error(e);
        return;
      }
      // runs at once if the subscriber already cancelled (e.g. take(1) during the first value)
      sink.onDispose(subscription::dispose);
    }, FluxSink.OverflowStrategy.LATEST);
  }

  /**
   * Returns a {@code Mono} of the next fresh value of {@code derived}, through {@link
   * AsyncDerived#toFuture()} called at subscription time (each subscriber asks anew and may start a
   * run). A failed run fails the {@code Mono} with the body's exception (unwrapped from a {@code
   * CompletionException}); a disposed node fails it with a {@code CancellationException}.
   *
   * <p>Cancelling the {@code Mono} only stops listening: the run is shared with every other awaiter of
   * the node, so it is never cancelled from here; {@link AsyncDerived#dispose()} or a source change is
   * what stops it. (The {@code Mono} cancels only a private {@link CompletableFuture#copy() copy} of
   * the future it was given, so a later failure of the run is not reported as a dropped error.)
   *
   * @throws NullPointerException if {@code derived} is null
   */
  public static <T> Mono<T> toMono(AsyncDerived<T> derived) {
    Objects.requireNonNull(derived, "derived");
    return Mono.fromFuture(() -> derived.toFuture().copy(), false);
  }

  /**
   * Returns a producer of the global graph ({@link Weft#producer}) fed by {@code source}; see {@link
   * #fromPublisher(Graph, Publisher, Object, Producer.Options)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> Producer<T> fromPublisher(Publisher<? extends T> source, T initial) {
    return fromPublisher(Graph.global(), source, initial, Producer.Options.defaults());
  }

  /**
   * Returns a producer of the global graph fed by {@code source}, configured by {@code options} (e.g.
   * {@link Producer.Options#stopWhenUnwatched(boolean)}); see {@link #fromPublisher(Graph, Publisher,
   * Object, Producer.Options)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> Producer<T> fromPublisher(
      Publisher<? extends T> source, T initial, Producer.Options options) {
    return fromPublisher(Graph.global(), source, initial, options);
  }

  /**
   * Returns a producer of {@code graph} fed by {@code source}; see {@link #fromPublisher(Graph,
   * Publisher, Object, Producer.Options)}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if {@code graph} is closed
   */
  public static <T> Producer<T> fromPublisher(Graph graph, Publisher<? extends T> source, T initial) {
    return fromPublisher(graph, source, initial, Producer.Options.defaults());
  }

  /**
   * Returns a producer of {@code graph} whose value is {@code initial} until {@code source} emits.
   *
   * <ul>
   *   <li><b>Subscribes on start:</b> on the producer's first {@code get()} or {@code subscribe} (not
   *       at creation, not on {@code peek()}), on the reading thread. The graph starts producers under
   *       its lock, so a publisher that blocks or works hard on subscribe should get a {@code
   *       subscribeOn(...)}; a synchronous publisher ({@code Flux.just}) delivers its values before the
   *       first read returns.
   *   <li><b>Requests what it needs:</b> one value at a time; the next once the previous one has been
   *       handed to the graph, so a fast source is paced by the graph's propagation and nothing is
   *       buffered. Equal values are skipped, per {@code options}' equality.
   *   <li><b>Cancels on stop:</b> on {@link Producer#dispose()}, on {@link Graph#close()}, and, with
   *       {@link Producer.Options#stopWhenUnwatched(boolean) stopWhenUnwatched(true)}, when the last
   *       watcher goes away. A later read subscribes again (a cold publisher then starts over).
   *   <li><b>{@code onError}</b> becomes the producer's failure: {@code get()} rethrows it (as a derived
   *       value rethrows its cached exception) until a value arrives, which after an error takes a
   *       restart ({@code dispose()}, then a read subscribes anew); effects reading it fail as for any
   *       throwing read.
   *   <li><b>{@code onComplete}</b> keeps the last value; the producer stays started.
   * </ul>
   *
   * A computation downstream that throws while a value propagates (an effect) is not the source's
   * failure: it is logged and the subscription keeps going.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if {@code graph} is closed
   */
  public static <T> Producer<T> fromPublisher(
      Graph graph, Publisher<? extends T> source, T initial, Producer.Options options) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(options, "options");
    return graph.producer(initial, new PublisherStart<T>(source), options);
  }

  /**
   * Returns a {@code Flux} of the events of {@code scope}: each subscriber gets its own anonymous {@link
   * BusSubscription}, opened on subscribe and closed on cancel. The {@code Flux} completes when the
   * subscription ends from the bus side ({@link ReactiveBus#close(String)}, {@link
   * ReactiveBus#close()}) after the events already queued, and fails if the bus refuses the
   * subscription (a closed bus).
   *
   * <p>The events are read on a virtual thread of the subscription's own ({@code
   * weft-reactor-bus-<scope>-N}), never on a Reactor thread, and only while the subscriber has
   * outstanding demand: a slow subscriber leaves events in the bus's bounded queue, so the bus's drop
   * policy applies to it (dropped copies are counted and reported to {@code onDrop}) rather than an
   * unbounded buffer here. {@code onNext} runs on that virtual thread.
   *
   * @throws NullPointerException if {@code bus} or {@code scope} is null
   */
  public static Flux<ChangeEvent> toFlux(ReactiveBus bus, String scope) {
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(scope, "scope");
    // Threads: only the pump's virtual thread calls sink.next/complete/error; request (-> wake) and
    // cancel (-> stop) come from the subscriber's threads. See BusPump.
    return Flux.create(sink -> {
      BusSubscription subscription;
      try {
        subscription = bus.subscribe(scope);
      } catch (RuntimeException e) {
        sink.error(e);
        return;
      }
      BusPump pump = new BusPump(scope, subscription, sink);
      sink.onRequest(n -> pump.wake());
      sink.onDispose(pump::stop); // runs at once if already cancelled; the pump then never starts
      if (!sink.isCancelled()) {
        pump.start();
      }
    }, FluxSink.OverflowStrategy.BUFFER);
  }
}
