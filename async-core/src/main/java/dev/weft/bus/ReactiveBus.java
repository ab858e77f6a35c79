package dev.weft.bus;

import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe broadcast of {@link ChangeEvent}s to the subscribers of a scope, each with a bounded
 * queue: {@link #emit} never blocks, and a full queue drops that subscriber's copy (counted, reported to
 * {@code onDrop}, and logged at most once per scope per 10 seconds).
 */
public interface ReactiveBus extends AutoCloseable {

  /** A local bus with a queue bound of 256 per subscriber. */
  static ReactiveBus create() {
    return builder().build();
  }

  /** A builder for a local bus. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Emits {@code event} to its scope; from any thread; never blocks. Each addressed subscriber gets the
   * event in its own queue; events emitted by one thread reach a subscriber in emit order. A full
   * queue drops that subscriber's copy only.
   *
   * @throws NullPointerException if {@code event} is null
   */
  void emit(ChangeEvent event);

  /**
   * Subscribes anonymously to {@code scope}: receives every event without an audience.
   *
   * @throws NullPointerException if {@code scope} is null
   * @throws IllegalStateException if the bus is closed
   */
  BusSubscription subscribe(String scope);

  /**
   * Subscribes {@code connection} to {@code scope}; {@code onDisconnect(scope, connection)} is called
   * once when the subscription ends (closed by either side), on the closing thread; its exceptions
   * are logged.
   *
   * @throws NullPointerException if {@code scope} or {@code connection} is null
   * @throws IllegalStateException if the bus is closed
   */
  BusSubscription subscribe(
      String scope, ConnectionInfo connection, @Nullable BiConsumer<String, ConnectionInfo> onDisconnect);

  /**
   * Subscribes {@code connection} to {@code scope} like {@link #subscribe(String, ConnectionInfo,
   * BiConsumer)}, with {@code options}. The default implementation filters on the consumer side (a
   * skipped event still passes through the subscriber's queue); the local bus filters at emit time.
   *
   * @throws NullPointerException if {@code scope}, {@code connection}, {@code options} or an option is
   *     null
   * @throws IllegalStateException if the bus is closed
   */
  default BusSubscription subscribe(
      String scope,
      ConnectionInfo connection,
      @Nullable BiConsumer<String, ConnectionInfo> onDisconnect,
      SubscribeOption... options) {
    Objects.requireNonNull(connection, "connection");
    boolean skipOwn = false;
    for (SubscribeOption option : Objects.requireNonNull(options, "options")) {
      skipOwn |= Objects.requireNonNull(option, "option") == SubscribeOption.SKIP_OWN_ORIGIN;
    }
    BusSubscription subscription = subscribe(scope, connection, onDisconnect);
    return skipOwn ? new OriginFilteringSubscription(subscription, connection.sessionId()) : subscription;
  }

  /** How many events were emitted, in any scope. */
  long emittedCount();

  /** How many subscriber copies were dropped because a queue was full. */
  long droppedCount();

  /** How many subscriptions are open, in all scopes. */
  int subscriberCount();

  /** The connections subscribed to {@code scope} (anonymous subscribers are not listed). */
  Set<ConnectionInfo> presence(String scope);

  /** Ends every subscription of {@code scope} after delivering what is queued; unknown scope: no-op. */
  void close(String scope);

  /** Ends every subscription after delivering what is queued; later subscribes fail. */
  @Override
  void close();

  /** Closes every subscription of {@code userId}; returns how many. */
  int closeUser(String userId);

  /** Closes the subscriptions of {@code userId} on {@code scope}; returns how many. */
  int closeUser(String userId, String scope);

  /** Configures a local bus. Not thread-safe; build once. */
  final class Builder {
    private int maxQueue = 256;
    private @Nullable BiConsumer<String, ChangeEvent> onDrop;

    Builder() {}

    /**
     * Sets the queue bound per subscriber.
     *
     * @throws IllegalArgumentException if {@code maxQueue < 1}
     */
    public Builder maxQueue(int maxQueue) {
      if (maxQueue < 1) {
        throw new IllegalArgumentException("maxQueue must be >= 1, was " + maxQueue);
      }
      this.maxQueue = maxQueue;
      return this;
    }

    /** Called (outside any lock) with the scope and event each time a copy is dropped. */
    public Builder onDrop(BiConsumer<String, ChangeEvent> onDrop) {
      this.onDrop = java.util.Objects.requireNonNull(onDrop, "onDrop");
      return this;
    }

    int maxQueue() {
      return maxQueue;
    }

    @Nullable BiConsumer<String, ChangeEvent> onDrop() {
      return onDrop;
    }

    /** Builds the bus. */
    public ReactiveBus build() {
      return LocalBus.create(this);
    }
  }
}
