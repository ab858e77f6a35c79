package dev.weft.vertx;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A subscription of a {@link ClusteredBus}: the node-local subscription it wraps delivers the events;
 * this wrapper notices when it ends, however it ends, and then releases the EventBus addresses it
 * needed, exactly once.
 *
 * <p>Threads: {@link #end()} from any thread (the subscriber closing, the bus closing a scope or a
 * user, the local bus's disconnect callback), once thanks to {@link #ended}. {@link #delegate} is set
 * once, right after the local subscribe returns, before the subscription is handed out.
 */
final class ClusterSubscription implements BusSubscription {
  private final String scope;
  private final @Nullable String userId;
  private final Consumer<ClusterSubscription> onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile @Nullable BusSubscription delegate;

  ClusterSubscription(String scope, @Nullable String userId, Consumer<ClusterSubscription> onEnd) {
    this.scope = scope;
    this.userId = userId;
    this.onEnd = onEnd;
  }

  void attach(BusSubscription local) {
    this.delegate = local;
  }

  String scope() {
    return scope;
  }

  @Nullable String userId() {
    return userId;
  }

  /** Releases what this subscription needed; later calls do nothing. */
  void end() {
    if (ended.compareAndSet(false, true)) {
      onEnd.accept(this);
    }
  }

  private BusSubscription delegate() {
    return Objects.requireNonNull(delegate, "subscription not attached");
  }

  @Override
  public @Nullable ChangeEvent poll(Duration timeout) {
    return delegate().poll(timeout);
  }

  @Override
  public Iterator<ChangeEvent> iterator() {
    return delegate().iterator();
  }

  @Override
  public void close() {
    try {
      delegate().close();
    } finally {
      end();
    }
  }

  @Override
  public String toString() {
    return "ClusterSubscription[" + scope + (userId == null ? "" : ", user " + userId) + "]";
  }
}
