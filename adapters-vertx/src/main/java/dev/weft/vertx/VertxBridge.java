package dev.weft.vertx;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Producer;
import dev.weft.ReadableSignal;
import dev.weft.Subscription;
import dev.weft.bus.ReactiveBus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Bridges between Weft and Vert.x: {@link AsyncDerived} to {@link Future}, an EventBus address to a
 * {@link dev.weft.Producer}, a signal to an EventBus address, and a {@link ReactiveBus} spread over a
 * Vert.x cluster.
 *
 * <p>Values crossing the EventBus need a codec: Vert.x encodes {@code String}, boxed primitives,
 * {@code Buffer}, {@code JsonObject}, {@code JsonArray}, {@code byte[]} and {@code ClusterSerializable}
 * out of the box; for other types register one with {@link io.vertx.core.eventbus.EventBus#registerDefaultCodec}.
 */
public final class VertxBridge {
  private static final System.Logger LOG = System.getLogger(VertxBridge.class.getName());

  private VertxBridge() {}

  /**
   * Returns a Vert.x future completing with the next fresh value of {@code derived} (starting a run if
   * needed), or failing with its failure (unwrapped from {@link CompletionException}). Called on a
   * Vert.x context, the future's callbacks run on that context; elsewhere, on the thread completing the
   * value.
   *
   * @throws NullPointerException if {@code derived} is null
   */
  public static <T> Future<T> toFuture(AsyncDerived<T> derived) {
    Objects.requireNonNull(derived, "derived");
    Context context = Vertx.currentContext();
    return bridge(derived.toFuture(), context == null ? Promise.promise() : ((ContextInternal) context).promise());
  }

  /**
   * Like {@link #toFuture(AsyncDerived)}, with the future's callbacks on {@code context}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> Future<T> toFuture(AsyncDerived<T> derived, Context context) {
    Objects.requireNonNull(derived, "derived");
    Objects.requireNonNull(context, "context");
    return bridge(derived.toFuture(), ((ContextInternal) context).promise());
  }

  /**
   * Returns a producer of the global graph ({@link Graph#global()}) whose value is the body of the
   * latest message sent or published to {@code address}, starting from {@code initial}. See {@link
   * #fromEventBus(Graph, Vertx, String, Object)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> Producer<T> fromEventBus(Vertx vertx, String address, T initial) {
    return fromEventBus(Graph.global(), vertx, address, initial);
  }

  /**
   * Returns a producer of {@code graph} whose value is the body of the latest message sent or published
   * to {@code address}, starting from {@code initial}. Like every producer it starts lazily: the
   * EventBus consumer is registered on the first {@code get()} or {@code subscribe} (on that thread's
   * Vert.x context, or a new one off Vert.x), and unregistered by {@code dispose()}; a later read
   * registers a new one. In a cluster, messages sent before the registration has reached the sending
   * node are not received.
   *
   * <p>Message bodies must be {@code T}s (they are not type-checked: a wrong type surfaces as a {@link
   * ClassCastException} where the value is used); a message without body is ignored (logged once per
   * start). Values are set on the consumer's Vert.x context, taking the graph's lock for as long as
   * the synchronous propagation of that value lasts. If Vert.x cannot register the consumer, readers get
   * that failure until a value arrives.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> Producer<T> fromEventBus(Graph graph, Vertx vertx, String address, T initial) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(initial, "initial");
    return graph.producer(initial, new EventBusSource<>(vertx.eventBus(), address),
        Producer.Options.defaults().name("EventBus " + address));
  }

  /**
   * Publishes the current value of {@code signal} to {@code address} on the EventBus, then each new
   * value, on the thread that changed it ({@link io.vertx.core.eventbus.EventBus#publish}: every
   * consumer of the address gets it, across the cluster if Vert.x is clustered), until the returned
   * subscription is disposed. A value the EventBus cannot encode fails the call for the current value
   * (with the codec problem as cause); for a later value it is skipped and logged as a warning (logger
   * {@code dev.weft.vertx.VertxBridge}), once per subscription.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the current value cannot be sent over the EventBus (no codec
   *     for its type)
   */
  public static Subscription publish(ReadableSignal<?> signal, Vertx vertx, String address) {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(address, "address");
    SignalPublisher publisher = new SignalPublisher(vertx.eventBus(), address);
    Subscription subscription = signal.subscribe(publisher);
    RuntimeException first = publisher.firstFailure();
    if (first != null) {
      subscription.dispose();
      throw new IllegalArgumentException("cannot publish the value of " + signal + " to EventBus address '"
          + address + "': " + first.getMessage() + "; register a codec for its type with"
          + " vertx.eventBus().registerDefaultCodec(type, codec) or publish a JSON/String form", first);
    }
    publisher.started();
    return subscription;
  }

  /**
   * Returns one {@link ReactiveBus} across a Vert.x cluster: what any node emits reaches the matching
   * subscribers on every node, with the local bus's contract (per-subscriber bounded queues of 256,
   * audience filtering, presence and drop accounting). See {@link #clusteredBus(Vertx, String,
   * ReactiveBus.Builder)}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code addressPrefix} is blank, or {@code vertx} was not built by
   *     Vert.x
   */
  public static ReactiveBus clusteredBus(Vertx vertx, String addressPrefix) {
    return clusteredBus(vertx, addressPrefix, ReactiveBus.builder());
  }

  /**
   * Returns one {@link ReactiveBus} across a Vert.x cluster, delivering on each node through a local
   * bus built by {@code localBus} (its queue bound and {@code onDrop} apply per node). Create one per
   * node with the same {@code addressPrefix}; events travel on EventBus addresses under that prefix
   * with a JSON codec.
   *
   * <ul>
   *   <li>Delivery: an emit reaches this node's subscribers at once, and the other nodes' subscribers
   *       asynchronously; a node receives events only while it has a subscriber of that scope (of that
   *       user, for audience events), and a subscriber that has just subscribed may miss events emitted
   *       elsewhere before the cluster has seen its registration. Events from one node arrive in
   *       order per scope (per scope and user for audience events).
   *   <li>Audience: an event with an audience is sent only to nodes that have a subscriber of one of its
   *       users on that scope, and each node's local bus filters again on delivery; subscribers without
   *       a user never get audience events.
   *   <li>Presence, counts and closing are per node: {@link ReactiveBus#presence}, {@link
   *       ReactiveBus#subscriberCount}, {@link ReactiveBus#closeUser} and {@link ReactiveBus#close(String)}
   *       see and act on this node's connections only (a cluster-wide presence is the union of every
   *       node's); {@link ReactiveBus#emittedCount} counts the emits made on this node; {@link
   *       ReactiveBus#droppedCount} and {@code onDrop} count and report copies dropped on this node's
   *       queues.
   *   <li>{@link ReactiveBus#close()} ends this node's subscriptions and its EventBus consumers; the
   *       other nodes go on.
   * </ul>
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code addressPrefix} is blank, or {@code vertx} was not built by
   *     Vert.x
   */
  public static ReactiveBus clusteredBus(Vertx vertx, String addressPrefix, ReactiveBus.Builder localBus) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(addressPrefix, "addressPrefix");
    Objects.requireNonNull(localBus, "localBus");
    if (addressPrefix.isBlank()) {
      throw new IllegalArgumentException("addressPrefix must not be blank: it names this bus's EventBus"
          + " addresses, e.g. \"weft.bus\"");
    }
    return new ClusteredBus(internal(vertx, "clusteredBus"), addressPrefix, localBus.build());
  }

  static VertxInternal internal(Vertx vertx, String caller) {
    if (vertx instanceof VertxInternal internal) {
      return internal;
    }
    throw new IllegalArgumentException("VertxBridge." + caller + " needs a Vert.x instance built by Vert.x"
        + " (Vertx.vertx(), Vertx.builder()), got " + vertx.getClass().getName());
  }

  private static <T> Future<T> bridge(CompletableFuture<T> value, Promise<T> promise) {
    value.whenComplete((v, e) -> {
      if (e == null) {
        promise.complete(v);
      } else {
        promise.fail(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      }
    });
    return promise.future();
  }

  /** Logs a publish failure of a later value: once per subscription. */
  static void logSkipped(String address, Object value, RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, "skipped publishing a " + value.getClass().getName()
        + " to EventBus address '" + address + "': " + e.getMessage()
        + " (register a codec for it; further failures of this subscription are not logged)", e);
  }
}
