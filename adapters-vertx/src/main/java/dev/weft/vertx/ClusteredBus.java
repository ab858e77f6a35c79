package dev.weft.vertx;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import dev.weft.bus.SubscribeOption;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link VertxBridge#clusteredBus}: a node-local {@link ReactiveBus} that does the queueing, audience
 * check, presence and drop accounting for the subscribers on this node, plus EventBus forwarding
 * between nodes.
 *
 * <p>Routing. An event without audience is published to the scope's address, {@code
 * <prefix>/scope/<scope>}, which every node with a subscriber of that scope consumes. An event with an
 * audience is published only to the addresses of its members, {@code
 * <prefix>/user/<len(scope)>:<scope>/<userId>}, which a node consumes while it has a subscriber of
 * that user on that scope: the audience is applied before the event leaves the emitting node, and a
 * node without any member never receives it. On arrival the local bus applies the audience again. An
 * event reaching a node through several members' addresses is delivered there once.
 *
 * <p>Threads: every public method from any thread. {@link #emitted}, {@link #sequence} and {@link
 * #live} are concurrent. Incoming events are handled on one event-loop context per bus (see {@link
 * ClusterConsumers}); {@link #seenAudienceEvents} is touched only there.
 */
final class ClusteredBus implements ReactiveBus {
  private static final System.Logger LOG = System.getLogger(ClusteredBus.class.getName());
  private static final int SEEN_CAPACITY = 4096;
  private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

  private final EventBus eventBus;
  private final String prefix;
  private final ReactiveBus local;
  private final String node = UUID.randomUUID().toString();
  private final DeliveryOptions delivery = new DeliveryOptions().setCodecName(ChangeEventCodec.NAME);
  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder emitted = new LongAdder();
  private final Set<ClusterSubscription> live = ConcurrentHashMap.newKeySet();
  private final ClusterConsumers consumers;
  private final AtomicLong lastPublishWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  private volatile boolean closed;

  /** Recently delivered audience events ("node:sequence"), oldest first; only on the consumers' context. */
  private final Map<String, Boolean> seenAudienceEvents = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > SEEN_CAPACITY;
    }
  };

  ClusteredBus(VertxInternal vertx, String prefix, ReactiveBus local) {
    this.eventBus = vertx.eventBus();
    this.prefix = prefix;
    this.local = local;
    ChangeEventCodec.registerOn(eventBus);
    this.consumers = new ClusterConsumers(eventBus, vertx.createEventLoopContext(), this::receive);
  }

  @Override
  public void emit(ChangeEvent event) {
    Objects.requireNonNull(event, "event");
    emitted.increment();
    local.emit(event);
    if (closed) {
      return;
    }
    Set<String> audience = event.audience();
    BusEnvelope envelope = new BusEnvelope(node, sequence.incrementAndGet(), event);
    if (audience == null) {
      publish(scopeAddress(event.scope()), envelope);
    } else {
      for (String userId : audience) {
        publish(userAddress(event.scope(), userId), envelope);
      }
    }
  }

  @Override
  public BusSubscription subscribe(String scope) {
    Objects.requireNonNull(scope, "scope");
    ClusterSubscription subscription = open(scope, null);
    try {
      subscription.attach(local.subscribe(scope));
    } catch (RuntimeException e) {
      subscription.end();
      throw e;
    }
    return subscription;
  }

  @Override
  public BusSubscription subscribe(String scope, ConnectionInfo connection,
      @Nullable BiConsumer<String, ConnectionInfo> onDisconnect) {
    return subscribe(scope, connection, onDisconnect, new SubscribeOption[0]);
  }

  /** Options apply on this node's local bus ({@code SKIP_OWN_ORIGIN} filters at delivery, queue-free). */
  @Override
  public BusSubscription subscribe(String scope, ConnectionInfo connection,
      @Nullable BiConsumer<String, ConnectionInfo> onDisconnect, SubscribeOption... options) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(options, "options");
    ClusterSubscription subscription = open(scope, connection.userId());
    try {
      subscription.attach(local.subscribe(scope, connection, (s, c) -> {
        subscription.end();
        if (onDisconnect != null) {
          onDisconnect.accept(s, c);
        }
      }, options));
    } catch (RuntimeException e) {
      subscription.end();
      throw e;
    }
    return subscription;
  }

  /** Counts every {@link #emit} on this node (an event is counted once, by its emitting node). */
  @Override
  public long emittedCount() {
    return emitted.sum();
  }

  /** Counts the copies dropped on this node's subscriber queues (each node counts its own drops). */
  @Override
  public long droppedCount() {
    return local.droppedCount();
  }

  /** Counts the subscriptions open on this node. */
  @Override
  public int subscriberCount() {
    return local.subscriberCount();
  }

  /** The connections subscribed to {@code scope} on this node. */
  @Override
  public Set<ConnectionInfo> presence(String scope) {
    return local.presence(scope);
  }

  /** Ends the subscriptions of {@code scope} on this node. */
  @Override
  public void close(String scope) {
    Objects.requireNonNull(scope, "scope");
    local.close(scope);
    for (ClusterSubscription subscription : live) {
      if (subscription.scope().equals(scope)) {
        subscription.end();
      }
    }
  }

  /** Ends every subscription on this node and stops receiving events from other nodes. */
  @Override
  public void close() {
    closed = true;
    local.close();
    live.forEach(ClusterSubscription::end);
    consumers.close();
  }

  /** Closes the subscriptions of {@code userId} on this node. */
  @Override
  public int closeUser(String userId) {
    return local.closeUser(Objects.requireNonNull(userId, "userId"));
  }

  /** Closes the subscriptions of {@code userId} on {@code scope} on this node. */
  @Override
  public int closeUser(String userId, String scope) {
    return local.closeUser(Objects.requireNonNull(userId, "userId"), Objects.requireNonNull(scope, "scope"));
  }

  /** Completes once this node's current EventBus registrations reached the cluster (for tests). */
  Future<Void> ready() {
    return consumers.ready();
  }

  /** How many EventBus addresses this node consumes (for tests). */
  int addressCount() {
    return consumers.addressCount();
  }

  String scopeAddress(String scope) {
    return prefix + "/scope/" + scope;
  }

  String userAddress(String scope, String userId) {
    return prefix + "/user/" + scope.length() + ":" + scope + "/" + userId;
  }

  @Override
  public String toString() {
    return "VertxBridge.clusteredBus(" + prefix + ", node " + node + ")";
  }

  private ClusterSubscription open(String scope, @Nullable String userId) {
    if (closed) {
      throw new IllegalStateException("this clustered bus (" + prefix + ") is closed; create a new one");
    }
    ClusterSubscription subscription = new ClusterSubscription(scope, userId, this::release);
    live.add(subscription);
    consumers.acquire(scopeAddress(scope));
    if (userId != null) {
      consumers.acquire(userAddress(scope, userId));
    }
    return subscription;
  }

  private void release(ClusterSubscription subscription) {
    live.remove(subscription);
    consumers.release(scopeAddress(subscription.scope()));
    String userId = subscription.userId();
    if (userId != null) {
      consumers.release(userAddress(subscription.scope(), userId));
    }
  }

  private void publish(String address, BusEnvelope envelope) {
    try {
      eventBus.publish(address, envelope, delivery);
    } catch (RuntimeException e) {
      long now = System.nanoTime();
      long last = lastPublishWarning.get();
      if (now - last >= WARN_INTERVAL_NANOS && lastPublishWarning.compareAndSet(last, now)) {
        LOG.log(System.Logger.Level.WARNING, "Weft clustered bus " + prefix + " could not forward an event"
            + " of scope " + envelope.event().scope() + " to other nodes (local subscribers got it);"
            + " is Vert.x closed? (throttled: at most one warning per 10 s)", e);
      }
    }
  }

  /** Handles an event from the EventBus, on the consumers' context. */
  private void receive(Message<BusEnvelope> message) {
    BusEnvelope envelope = message.body();
    if (envelope.node().equals(node) || closed) {
      return; // our own emit, looped back: its local subscribers already have it
    }
    ChangeEvent event = envelope.event();
    Set<String> audience = event.audience();
    if (audience != null && audience.size() > 1
        && seenAudienceEvents.put(envelope.node() + ":" + envelope.sequence(), Boolean.TRUE) != null) {
      return; // already delivered through another member's address
    }
    local.emit(event);
  }
}
