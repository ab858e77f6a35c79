package dev.weft.vertx;

import static dev.weft.vertx.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Producer;
import dev.weft.Signal;
import dev.weft.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
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
    private final Graph graph = Graph.create();

    @AfterEach
    void closeGraph() {
      graph.close();
    }

    @Test
    void completesWithTheNextFreshValue() {
      Signal<Integer> price = graph.signal(20);
      AsyncDerived<Integer> doubled = graph.asyncDerived(() -> price.get() * 2);

      assertEquals(40, await(VertxBridge.toFuture(doubled)));
    }

    @Test
    void failsWithTheBodysUncheckedFailureAsThrown() {
      IllegalStateException failure = new IllegalStateException("body failed");
      AsyncDerived<String> failing = graph.asyncDerived(() -> {
        throw failure;
      });

      assertSame(failure, assertThrows(IllegalStateException.class,
          () -> await(VertxBridge.toFuture(failing))));
    }

    @Test
    void failsWithTheBodysCheckedFailureUnwrapped() {
      AsyncDerived<String> failing = graph.asyncDerived(() -> {
        throw new IOException("disk gone");
      });

      Future<String> future = VertxBridge.toFuture(failing);

      IOException e = assertThrows(IOException.class, () -> await(future));
      assertEquals("disk gone", e.getMessage());
    }

    @Test
    void runsCallbacksOnTheCallersContext(Vertx vertx) {
      CountDownLatch release = new CountDownLatch(1);
      AsyncDerived<String> slow = graph.asyncDerived(() -> {
        release.await();
        return "fresh";
      });
      Context context = vertx.getOrCreateContext();
      CompletableFuture<Context> callbackContext = new CompletableFuture<>();
      CompletableFuture<Void> asked = new CompletableFuture<>();

      context.runOnContext(v -> {
        VertxBridge.toFuture(slow).onComplete(ar -> callbackContext.complete(Vertx.currentContext()));
        asked.complete(null);
      });
      await(asked);
      release.countDown(); // the value completes on the body's virtual thread

      assertSame(context, await(callbackContext));
    }

    @Test
    void runsCallbacksOnAGivenContext(Vertx vertx) {
      AsyncDerived<String> value = graph.asyncDerived(() -> "fresh");
      Context context = vertx.getOrCreateContext();
      CompletableFuture<Context> callbackContext = new CompletableFuture<>();

      VertxBridge.toFuture(value, context).onComplete(ar -> callbackContext.complete(Vertx.currentContext()));

      assertSame(context, await(callbackContext));
    }
  }

  @Nested
  class FromEventBus {
    private final Graph graph = Graph.create();

    @AfterEach
    void closeGraph() {
      graph.close();
    }

    @Test
    void registersItsConsumerOnTheFirstReadNotOnPeek(Vertx vertx) {
      Producer<String> quotes = VertxBridge.fromEventBus(graph, vertx, "quotes", "none");

      assertEquals("none", quotes.peek());
      assertFalse(quotes.isStarted());
      assertFalse(hasConsumer(vertx, "quotes"));

      assertEquals("none", quotes.get());
      vertx.eventBus().send("quotes", "first");

      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> quotes.get().equals("first"));
      assertTrue(quotes.isStarted());
    }

    @Test
    void eachMessageRerunsWhatReadsIt(Vertx vertx) {
      Producer<String> quotes = VertxBridge.fromEventBus(graph, vertx, "quotes", "none");
      List<String> seen = new CopyOnWriteArrayList<>();
      graph.effect(() -> seen.add(quotes.get()));

      vertx.eventBus().send("quotes", "a");
      vertx.eventBus().publish("quotes", "b");

      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> seen.equals(List.of("none", "a", "b")));
    }

    @Test
    void disposeUnregistersItsConsumerAndALaterReadRegistersAgain(Vertx vertx) {
      Producer<String> quotes = VertxBridge.fromEventBus(graph, vertx, "quotes", "none");
      quotes.get();

      quotes.dispose();
      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> !hasConsumer(vertx, "quotes"));

      quotes.get();
      vertx.eventBus().send("quotes", "again");
      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> quotes.get().equals("again"));
    }

    @Test
    void ignoresMessagesWithoutBody(Vertx vertx) {
      Producer<String> quotes = VertxBridge.fromEventBus(graph, vertx, "quotes", "none");
      List<String> seen = new CopyOnWriteArrayList<>();
      graph.effect(() -> seen.add(quotes.get()));

      vertx.eventBus().send("quotes", null);
      vertx.eventBus().send("quotes", "after");

      Awaitility.await().atMost(TestSupport.TIMEOUT).until(() -> seen.equals(List.of("none", "after")));
    }

    @Test
    void rejectsNullsNamingTheParameter(Vertx vertx) {
      assertEquals("graph", assertThrows(NullPointerException.class,
          () -> VertxBridge.fromEventBus(null, vertx, "a", "x")).getMessage());
      assertEquals("address", assertThrows(NullPointerException.class,
          () -> VertxBridge.fromEventBus(graph, vertx, null, "x")).getMessage());
      assertEquals("initial", assertThrows(NullPointerException.class,
          () -> VertxBridge.fromEventBus(graph, vertx, "a", null)).getMessage());
    }

    /** Whether {@code address} has a consumer: a request to it times out instead of failing at once. */
    private boolean hasConsumer(Vertx vertx, String address) {
      Future<Message<Object>> reply = vertx.eventBus().request(address, "probe",
          new DeliveryOptions().setSendTimeout(200));
      try {
        await(reply);
        return true;
      } catch (ReplyException e) {
        return e.failureType() != ReplyFailure.NO_HANDLERS;
      }
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
