package dev.weft.bus;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link ReactiveBus}: {@link ReactiveBus#create()} and {@link ReactiveBus#builder()}.
 *
 * <p>Who touches what, from which thread:
 *
 * <ul>
 *   <li>{@link #scopes} maps a scope to an immutable array of its open subscriptions. {@code subscribe}
 *       and {@link #remove} (any thread) replace the array inside {@link ConcurrentHashMap#compute}, so
 *       changes to one scope are atomic and an empty scope disappears. {@link #emit} (any thread, many
 *       at once) only reads the current array: the hot path takes no lock.
 *   <li>{@link #emitted}, {@link #dropped}: adders bumped by emitters, read by anyone.
 *   <li>{@link #subscriberCount}: changed inside the same {@code compute} calls that change {@link
 *       #scopes}, so it always matches them.
 *   <li>{@link #closed}: set once by {@link #close()}; read by {@code subscribe}.
 *   <li>{@code onDrop} and {@code onDisconnect} callbacks run on the emitting / closing thread with no
 *       lock held; their exceptions are logged.
 * </ul>
 */
final class LocalBus implements ReactiveBus {
  private static final Logger DEFAULT_LOGGER = System.getLogger(ReactiveBus.class.getName());

  private final int maxQueue;
  private final @Nullable BiConsumer<String, ChangeEvent> onDrop;
  private final Logger logger;
  private final DropWarnings warnings;
  private final ConcurrentHashMap<String, LocalSubscription[]> scopes = new ConcurrentHashMap<>();
  private final LongAdder emitted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicInteger subscriberCount = new AtomicInteger();
  private volatile boolean closed;

  LocalBus(
      int maxQueue,
      @Nullable BiConsumer<String, ChangeEvent> onDrop,
      LongSupplier nanoClock,
      Logger logger) {
    this.maxQueue = maxQueue;
    this.onDrop = onDrop;
    this.logger = logger;
    this.warnings = new DropWarnings(nanoClock, logger, maxQueue);
  }

  static ReactiveBus create(ReactiveBus.Builder builder) {
    return new LocalBus(builder.maxQueue(), builder.onDrop(), System::nanoTime, DEFAULT_LOGGER);
  }

  @Override
  public void emit(ChangeEvent event) {
    Objects.requireNonNull(event, "event");
    emitted.increment();
    LocalSubscription[] subscribers = scopes.get(event.scope());
    if (subscribers == null) {
      return;
    }
    for (LocalSubscription subscriber : subscribers) {
      if (subscriber.accepts(event) && subscriber.offer(event) == LocalSubscription.Outcome.DROPPED) {
        dropped.increment();
        reportDrop(event);
      }
    }
  }

  private void reportDrop(ChangeEvent event) {
    BiConsumer<String, ChangeEvent> callback = onDrop;
    if (callback != null) {
      runCallback("onDrop", event.scope(), () -> callback.accept(event.scope(), event));
    }
    warnings.dropped(event.scope());
  }

  /** Runs a user callback; logs what it throws, except JVM-fatal errors, which propagate. */
  void runCallback(String what, String scope, Runnable callback) {
    try {
      callback.run();
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable error) {
      logger.log(
          Level.WARNING,
          () -> "bus " + what + " callback for scope '" + scope + "' threw; ignored. Fix the callback.",
          error);
    }
  }

  @Override
  public BusSubscription subscribe(String scope) {
    return add(Objects.requireNonNull(scope, "scope"), null, null, false);
  }

  @Override
  public BusSubscription subscribe(
      String scope, ConnectionInfo connection, @Nullable BiConsumer<String, ConnectionInfo> onDisconnect) {
    return add(
        Objects.requireNonNull(scope, "scope"),
        Objects.requireNonNull(connection, "connection"),
        onDisconnect,
        false);
  }

  @Override
  public BusSubscription subscribe(
      String scope,
      ConnectionInfo connection,
      @Nullable BiConsumer<String, ConnectionInfo> onDisconnect,
      SubscribeOption... options) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(connection, "connection");
    boolean skipOwn = false;
    for (SubscribeOption option : Objects.requireNonNull(options, "options")) {
      skipOwn |= Objects.requireNonNull(option, "option") == SubscribeOption.SKIP_OWN_ORIGIN;
    }
    return add(scope, connection, onDisconnect, skipOwn);
  }

  private LocalSubscription add(
      String scope,
      @Nullable ConnectionInfo connection,
      @Nullable BiConsumer<String, ConnectionInfo> onDisconnect,
      boolean skipOwnOrigin) {
    if (closed) {
      throw new IllegalStateException(
          "the bus is closed; cannot subscribe to scope '" + scope + "'. Create a new bus.");
    }
    LocalSubscription subscription =
        new LocalSubscription(this, scope, connection, onDisconnect, skipOwnOrigin, maxQueue);
    scopes.compute(
        scope,
        (k, current) -> {
          subscriberCount.incrementAndGet();
          if (current == null) {
            return new LocalSubscription[] {subscription};
          }
          LocalSubscription[] next = Arrays.copyOf(current, current.length + 1);
          next[current.length] = subscription;
          return next;
        });
    if (closed) {
      // close() ran concurrently and may have missed us: end this subscription ourselves.
      subscription.closeSubscription();
    }
    return subscription;
  }

  /** Unlinks a closing subscription; called once per subscription by {@link LocalSubscription}. */
  void remove(LocalSubscription subscription) {
    scopes.computeIfPresent(
        subscription.scope(),
        (k, current) -> {
          int i = Arrays.asList(current).indexOf(subscription);
          if (i < 0) {
            return current;
          }
          subscriberCount.decrementAndGet();
          if (current.length == 1) {
            return null;
          }
          LocalSubscription[] next = new LocalSubscription[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          return next;
        });
  }

  @Override
  public long emittedCount() {
    return emitted.sum();
  }

  @Override
  public long droppedCount() {
    return dropped.sum();
  }

  @Override
  public int subscriberCount() {
    return subscriberCount.get();
  }

  @Override
  public Set<ConnectionInfo> presence(String scope) {
    LocalSubscription[] subscribers = scopes.get(Objects.requireNonNull(scope, "scope"));
    if (subscribers == null) {
      return Set.of();
    }
    Set<ConnectionInfo> present = new LinkedHashSet<>();
    for (LocalSubscription subscriber : subscribers) {
      ConnectionInfo connection = subscriber.connection();
      if (connection != null && !subscriber.isClosed()) {
        present.add(connection);
      }
    }
    return Set.copyOf(present);
  }

  @Override
  public void close(String scope) {
    LocalSubscription[] subscribers = scopes.get(Objects.requireNonNull(scope, "scope"));
    if (subscribers != null) {
      for (LocalSubscription subscriber : subscribers) {
        subscriber.closeSubscription();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    // Weakly consistent, but sees every subscription added before `closed` was set; later ones close
    // themselves in add().
    for (LocalSubscription[] subscribers : scopes.values()) {
      for (LocalSubscription subscriber : subscribers) {
        subscriber.closeSubscription();
      }
    }
  }

  @Override
  public int closeUser(String userId) {
    Objects.requireNonNull(userId, "userId");
    List<LocalSubscription> matches = new ArrayList<>();
    for (LocalSubscription[] subscribers : scopes.values()) {
      collectUser(subscribers, userId, matches);
    }
    return closeAll(matches);
  }

  @Override
  public int closeUser(String userId, String scope) {
    Objects.requireNonNull(userId, "userId");
    LocalSubscription[] subscribers = scopes.get(Objects.requireNonNull(scope, "scope"));
    if (subscribers == null) {
      return 0;
    }
    List<LocalSubscription> matches = new ArrayList<>();
    collectUser(subscribers, userId, matches);
    return closeAll(matches);
  }

  private static void collectUser(
      LocalSubscription[] subscribers, String userId, List<LocalSubscription> into) {
    for (LocalSubscription subscriber : subscribers) {
      ConnectionInfo connection = subscriber.connection();
      if (connection != null && userId.equals(connection.userId())) {
        into.add(subscriber);
      }
    }
  }

  /** Closes each subscription; counts only those this call closed (not ones closed meanwhile). */
  private static int closeAll(List<LocalSubscription> subscriptions) {
    int count = 0;
    for (LocalSubscription subscription : subscriptions) {
      if (subscription.closeSubscription()) {
        count++;
      }
    }
    return count;
  }

  @Override
  public String toString() {
    return "LocalBus[maxQueue="
        + maxQueue
        + ", subscribers="
        + subscriberCount.get()
        + ", emitted="
        + emitted.sum()
        + ", dropped="
        + dropped.sum()
        + (closed ? ", closed" : "")
        + "]";
  }
}
