package dev.weft.samples;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Producer;
import dev.weft.Signal;
import dev.weft.Subscription;
import dev.weft.vertx.VertxBridge;
import dev.weft.vertx.VertxTaskFactory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;

/**
 * Weft on Vert.x: async runs on an event loop, an async derived as a Vert.x Future, a signal published
 * on the EventBus, and an EventBus address read as a producer.
 */
public final class VertxSample {
  private VertxSample() {}

  public static void main(String[] args) throws InterruptedException {
    run();
  }

  static void run() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    try (Graph graph = Graph.builder().name("vertx").build()) {
      Context loop = vertx.getOrCreateContext(); // an event-loop context
      Signal<Integer> celsius = graph.signal(20);

      // 1. Runs on the event loop (short, non-blocking bodies); the value as a Vert.x Future.
      AsyncDerived<String> reading = graph.asyncDerived(
          () -> celsius.get() + " C, computed on " + Thread.currentThread().getName(),
          AsyncDerived.Options.defaults().taskFactory(VertxTaskFactory.eventLoop(loop)));
      VertxBridge.toFuture(reading).onSuccess(v -> System.out.println("  future: " + v))
          .toCompletionStage().toCompletableFuture().join();

      // 2. Signal -> EventBus: the current value, then every change, published to an address.
      CountDownLatch twoMessages = new CountDownLatch(2);
      vertx.eventBus().<Integer>consumer("temps", m -> {
        System.out.println("  eventbus consumer got " + m.body());
        twoMessages.countDown();
      });
      Subscription publishing = VertxBridge.publish(celsius, vertx, "temps"); // publishes 20
      celsius.set(23);                                                         // publishes 23
      twoMessages.await();
      publishing.dispose();

      // 3. EventBus -> producer: the latest message body is a reactive value.
      Producer<String> alerts = VertxBridge.fromEventBus(graph, vertx, "alerts", "none");
      CountDownLatch doorOpen = new CountDownLatch(1);
      graph.effect(() -> {
        System.out.println("  effect: latest alert = " + alerts.get());
        if (alerts.get().equals("door open")) {
          doorOpen.countDown();
        }
      });
      vertx.eventBus().publish("alerts", "door open");
      doorOpen.await();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join(); // no Vert.x thread outlives the sample
      System.out.println("vertx closed");
    }
  }
}
