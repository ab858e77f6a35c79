package dev.weft.vertx;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for one node's local bus that records what the clustered layer hands it, so routing tests
 * can see exactly what reached each node (including duplicates, which a real bus would just deliver).
 * Thread-safe; its subscriptions deliver nothing.
 */
final class RecordingBus implements ReactiveBus {
  private final LinkedBlockingQueue<ChangeEvent> emitted = new LinkedBlockingQueue<>();
  private final List<Sub> subscriptions = new CopyOnWriteArrayList<>();

  /** Waits for the next event this node's bus received; fails the test after the timeout. */
  ChangeEvent next() {
    try {
      ChangeEvent event = emitted.poll(TestSupport.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("no event reached this node within " + TestSupport.TIMEOUT);
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The events received and not yet taken by {@link #next()}. */
  List<ChangeEvent> pending() {
    return List.copyOf(emitted);
  }

  @Override
  public void emit(ChangeEvent event) {
    emitted.add(event);
  }

  @Override
  public BusSubscription subscribe(String scope) {
    Sub sub = new Sub(scope, null, null);
    subscriptions.add(sub);
    return sub;
  }

  @Override
  public BusSubscription subscribe(String scope, ConnectionInfo connection,
      @Nullable BiConsumer<String, ConnectionInfo> onDisconnect) {
    Sub sub = new Sub(scope, connection, onDisconnect);
    subscriptions.add(sub);
    return sub;
  }

  @Override
  public long emittedCount() {
    return -1;
  }

  @Override
  public long droppedCount() {
    return 0;
  }

  @Override
  public int subscriberCount() {
    return subscriptions.size();
  }

  @Override
  public Set<ConnectionInfo> presence(String scope) {
    return subscriptions.stream().filter(s -> s.scope.equals(scope) && s.connection != null)
        .map(s -> s.connection).collect(Collectors.toSet());
  }

  @Override
  public void close(String scope) {
    subscriptions.stream().filter(s -> s.scope.equals(scope)).forEach(Sub::close);
  }

  @Override
  public void close() {
    subscriptions.forEach(Sub::close);
  }

  @Override
  public int closeUser(String userId) {
    List<Sub> subs = subscriptions.stream()
        .filter(s -> s.connection != null && userId.equals(s.connection.userId())).toList();
    subs.forEach(Sub::close);
    return subs.size();
  }

  @Override
  public int closeUser(String userId, String scope) {
    List<Sub> subs = subscriptions.stream().filter(s -> s.scope.equals(scope) && s.connection != null
        && userId.equals(s.connection.userId())).toList();
    subs.forEach(Sub::close);
    return subs.size();
  }

  private final class Sub implements BusSubscription {
    final String scope;
    final @Nullable ConnectionInfo connection;
    final @Nullable BiConsumer<String, ConnectionInfo> onDisconnect;

    Sub(String scope, @Nullable ConnectionInfo connection,
        @Nullable BiConsumer<String, ConnectionInfo> onDisconnect) {
      this.scope = scope;
      this.connection = connection;
      this.onDisconnect = onDisconnect;
    }

    @Override
    public @Nullable ChangeEvent poll(Duration timeout) {
      return null;
    }

    @Override
    public Iterator<ChangeEvent> iterator() {
      return List.<ChangeEvent>of().iterator();
    }

    @Override
    public void close() {
      if (subscriptions.remove(this) && onDisconnect != null && connection != null) {
        onDisconnect.accept(scope, connection);
      }
    }
  }
}
