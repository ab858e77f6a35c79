package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class VertxBridgeTest {

  /** A value with no EventBus codec. */
  private record Point(int x, int y) {}

  @Nested
  class Publish {
    private final Graph graph = Graph.create();

    @AfterEach
    void closeGraph() {
      graph.close();
    }

    @Test
    void publishesTheCurrentValueThenEachChangeUntilDisposed(Vertx vertx) {
      List<Object> received = new CopyOnWriteArrayList<>();
      CountDownLatch end = new CountDownLatch(1);
      MessageConsumer<Object> consumer = vertx.eventBus().consumer("prices", m -> {
        received.add(m.body());
        if ("end".equals(m.body())) {
          end.countDown();
        }
      });
      await(consumer.completion());
      Signal<String> signal = graph.signal("a");

      Subscription subscription = VertxBridge.publish(signal, vertx, "prices");
      signal.set("b");
      subscription.dispose();
      signal.set("not published");
      vertx.eventBus().publish("prices", "end"); // published after everything above, so received after it
      await(end);

      assertEquals(List.of("a", "b", "end"), received);
    }

    @Test
    void failsAtOnceForAValueWithoutCodecAndDoesNotStaySubscribed(Vertx vertx) {
      List<Object> received = new CopyOnWriteArrayList<>();
      CountDownLatch end = new CountDownLatch(1);
      MessageConsumer<Object> consumer = vertx.eventBus().consumer("points", m -> {
        received.add(m.body());
        end.countDown();
      });
      await(consumer.completion());
      Signal<Object> signal = graph.signal(new Point(1, 2));

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> VertxBridge.publish(signal, vertx, "points"));
      signal.set("would be published if still subscribed");
      vertx.eventBus().publish("points", "end");
      await(end);

      assertTrue(e.getMessage().contains("points") && e.getMessage().contains("registerDefaultCodec"),
          e.getMessage());
      assertEquals(List.of("end"), received);
    }

    @Test
    void skipsALaterValueWithoutCodecAndKeepsPublishing(Vertx vertx) {
      List<Object> received = new CopyOnWriteArrayList<>();
      CountDownLatch two = new CountDownLatch(2);
      MessageConsumer<Object> consumer = vertx.eventBus().consumer("mixed", m -> {
        received.add(m.body());
        two.countDown();
      });
      await(consumer.completion());
      Signal<Object> signal = graph.signal("first");

      VertxBridge.publish(signal, vertx, "mixed");
      signal.set(new Point(1, 2));
      signal.set("third");
      await(two);

      assertEquals(List.of("first", "third"), received);
    }

    @Test
    void rejectsNullsNamingTheParameter(Vertx vertx) {
      Signal<String> signal = graph.signal("a");
      assertEquals("signal", assertThrows(NullPointerException.class,
          () -> VertxBridge.publish(null, vertx, "x")).getMessage());
      assertEquals("vertx", assertThrows(NullPointerException.class,
          () -> VertxBridge.publish(signal, null, "x")).getMessage());
      assertEquals("address", assertThrows(NullPointerException.class,
          () -> VertxBridge.publish(signal, vertx, null)).getMessage());
    }
  }

  @Nested
  class ToFuture {

    @Test
    void completesWithTheNextValue() {
      ManualAsyncDerived<String> derived = new ManualAsyncDerived<>();

      Future<String> future = VertxBridge.toFuture(derived);
      derived.complete("fresh");

      assertEquals("fresh", await(future));
    }

    @Test
    void failsWithTheBodysFailureUnwrapped() {
      ManualAsyncDerived<String> derived = new ManualAsyncDerived<>();
      IllegalStateException failure = new IllegalStateException("body failed");

      Future<String> future = VertxBridge.toFuture(derived);
      derived.fail(new CompletionException(failure));

      assertSame(failure, assertThrows(IllegalStateException.class, () -> await(future)));
    }

    @Test
    void runsCallbacksOnTheCallersContext(Vertx vertx) {
      ManualAsyncDerived<String> derived = new ManualAsyncDerived<>();
      Context context = vertx.getOrCreateContext();
      CompletableFuture<Context> callbackContext = new CompletableFuture<>();

      context.runOnContext(v -> VertxBridge.toFuture(derived)
          .onComplete(ar -> callbackContext.complete(Vertx.currentContext())));
      await(derived.requested());
      derived.complete("fresh"); // completed from the test thread

      assertSame(context, await(callbackContext));
    }

    @Test
    void runsCallbacksOnAGivenContext(Vertx vertx) {
      ManualAsyncDerived<String> derived = new ManualAsyncDerived<>();
      Context context = vertx.getOrCreateContext();
      CompletableFuture<Context> callbackContext = new CompletableFuture<>();

      VertxBridge.toFuture(derived, context).onComplete(ar -> callbackContext.complete(Vertx.currentContext()));
      derived.complete("fresh");

      assertSame(context, await(callbackContext));
    }
  }

  @Nested
  class ClusteredBusArguments {

    @Test
    void rejectsABlankPrefix(Vertx vertx) {
      assertThrows(IllegalArgumentException.class, () -> VertxBridge.clusteredBus(vertx, " "));
    }

    @Test
    void rejectsNullsNamingTheParameter(Vertx vertx) {
      assertEquals("vertx", assertThrows(NullPointerException.class,
          () -> VertxBridge.clusteredBus(null, "p")).getMessage());
      assertEquals("addressPrefix", assertThrows(NullPointerException.class,
          () -> VertxBridge.clusteredBus(vertx, null)).getMessage());
    }
  }
}
