package dev.weft.samples;

import dev.weft.Derived;
import dev.weft.Graph;
import dev.weft.Producer;
import dev.weft.Subscription;
import java.util.concurrent.CountDownLatch;

/**
 * A producer turns an external push source into a reactive value. Here the source is a real background
 * thread ticking every 50 ms; it starts on the first read, and its stop function ends the thread.
 */
public final class ProducerSample {
  private ProducerSample() {}

  public static void main(String[] args) throws InterruptedException {
    run();
  }

  static void run() throws InterruptedException {
    try (Graph graph = Graph.builder().name("clock").build()) {
      Thread[] ticker = new Thread[1];
      Producer<Integer> ticks = graph.producer(0, setValue -> {
        System.out.println("  start: launching the ticker thread");
        ticker[0] = Thread.ofPlatform().name("ticker").daemon().start(() -> {
          for (int i = 1; !Thread.currentThread().isInterrupted(); i++) {
            setValue.accept(i); // from the ticker's own thread: safe
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return; // stopped
            }
          }
        });
        return () -> { // the stop function
          System.out.println("  stop: interrupting the ticker thread");
          ticker[0].interrupt();
        };
      });
      Derived<String> label = graph.derived(() -> "tick " + ticks.get() + (ticks.get() % 2 == 0 ? " (even)" : ""));

      System.out.println("created; started? " + ticks.isStarted() + " (nothing runs before a read)");
      CountDownLatch five = new CountDownLatch(5);
      Subscription printer = label.subscribe(s -> {
        if (five.getCount() > 0) {
          System.out.println("  subscriber on " + Thread.currentThread().getName() + ": " + s);
          five.countDown();
        }
      });
      five.await(); // the ticker drives the graph; the main thread only waits
      printer.dispose();
      ticks.dispose(); // runs the stop function once
      ticker[0].join();
      System.out.println("disposed; started? " + ticks.isStarted() + ", ticker alive? " + ticker[0].isAlive());
    }
  }
}
