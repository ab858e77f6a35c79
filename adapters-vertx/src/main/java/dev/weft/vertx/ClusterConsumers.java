package dev.weft.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The EventBus consumers of one {@link ClusteredBus}: one per address that at least one local
 * subscription needs, registered when the first one arrives and unregistered when the last one ends.
 * Registering an address is what makes other nodes send events for it here, so this is also the
 * cluster-wide routing table ("which node wants which scope / user").
 *
 * <p>Threads: {@link #acquire}, {@link #release} and {@link #close} from any thread; they count under
 * {@link #lock} and, on a 0↔1 transition, enqueue the (un)registration on {@link #context} while still
 * holding the lock, so the context applies transitions of one address in the order they were decided.
 * {@link #registered} is touched only on {@link #context}, and every consumer's handler runs there too
 * (one event loop per bus: events are handled one at a time, in arrival order). Enqueuing a task on a
 * context never blocks, and no user code runs under the lock.
 */
final class ClusterConsumers {
  private static final System.Logger LOG = System.getLogger(ClusterConsumers.class.getName());

  private final EventBus eventBus;
  private final Context context;
  private final Handler<Message<BusEnvelope>> handler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Integer> counts = new HashMap<>(); // guarded by lock
  private boolean closed; // guarded by lock
  private final Map<String, MessageConsumer<BusEnvelope>> registered = new HashMap<>(); // context only

  ClusterConsumers(EventBus eventBus, Context context, Handler<Message<BusEnvelope>> handler) {
    this.eventBus = eventBus;
    this.context = context;
    this.handler = handler;
  }

  /** One more local subscription needs {@code address}. No-op once closed. */
  void acquire(String address) {
    lock.lock();
    try {
      if (!closed && counts.merge(address, 1, Integer::sum) == 1) {
        onContext(() -> register(address));
      }
    } finally {
      lock.unlock();
    }
  }

  /** One local subscription no longer needs {@code address}. No-op once closed. */
  void release(String address) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      Integer count = counts.get(address);
      if (count == null) {
        return;
      }
      if (count == 1) {
        counts.remove(address);
        onContext(() -> unregister(address));
      } else {
        counts.put(address, count - 1);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Unregisters every consumer; later acquires and releases do nothing. Idempotent. */
  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      counts.clear();
      onContext(() -> {
        registered.values().forEach(MessageConsumer::unregister);
        registered.clear();
      });
    } finally {
      lock.unlock();
    }
  }

  /**
   * Completes once every registration decided so far has reached the cluster (for tests: other nodes
   * may still take a moment to see it).
   */
  Future<Void> ready() {
    Promise<Void> promise = Promise.promise();
    onContext(() -> {
      List<Future<Void>> completions = new ArrayList<>();
      registered.values().forEach(c -> completions.add(c.completion()));
      Future.all(completions).<Void>mapEmpty().onComplete(promise);
    });
    return promise.future();
  }

  /** The number of addresses with a live consumer decision (for tests). */
  int addressCount() {
    lock.lock();
    try {
      return counts.size();
    } finally {
      lock.unlock();
    }
  }

  private void register(String address) {
    MessageConsumer<BusEnvelope> consumer = eventBus.consumer(address, handler);
    registered.put(address, consumer);
    consumer.completion().onFailure(e -> LOG.log(System.Logger.Level.WARNING,
        "Weft clustered bus could not register EventBus address " + address
            + "; this node will not receive its events", e));
  }

  private void unregister(String address) {
    MessageConsumer<BusEnvelope> consumer = registered.remove(address);
    if (consumer != null) {
      consumer.unregister();
    }
  }

  private void onContext(Runnable action) {
    try {
      context.runOnContext(ignored -> action.run());
    } catch (RejectedExecutionException e) {
      LOG.log(System.Logger.Level.DEBUG, "Vert.x is closed; clustered bus consumer change dropped", e);
    }
  }
}
