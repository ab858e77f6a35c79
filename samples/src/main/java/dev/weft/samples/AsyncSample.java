package dev.weft.samples;

import dev.weft.AsyncDerived;
import dev.weft.Graph;
import dev.weft.Signal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * An async derived value runs a blocking body on a virtual thread. Every read in it is tracked, also
 * after the blocking call; a change during a run interrupts the stale run and starts a fresh one.
 */
public final class AsyncSample {
  private AsyncSample() {}

  public static void main(String[] args) {
    run();
  }

  static void run() {
    try (Graph graph = Graph.builder().name("weather").build()) {
      Signal<String> city = graph.signal("Paris");
      Signal<String> unit = graph.signal("C");
      CountDownLatch[] fetching = {new CountDownLatch(1)};

      AsyncDerived<String> weather = graph.asyncDerived(() -> {
        String c = city.get();
        System.out.println("  fetching " + c + " on a virtual thread: " + Thread.currentThread().isVirtual());
        fetching[0].countDown();
        try {
          Thread.sleep(200); // a slow remote call
        } catch (InterruptedException e) {
          System.out.println("  the run for " + c + " was interrupted: superseded, its result is dropped");
          throw e;
        }
        return c + " 21 " + unit.get(); // read AFTER blocking: still a tracked dependency
      });

      System.out.println("await() blocks until the value is ready:");
      System.out.println("  -> " + weather.await());
      System.out.println("set unit = F (it is read after the sleep): the next await() reruns");
      unit.set("F");
      System.out.println("  -> " + weather.await());

      System.out.println("set city = Rome, and change it to Oslo while the Rome run is sleeping:");
      fetching[0] = new CountDownLatch(1);
      city.set("Rome");
      CompletableFuture<String> next = weather.toFuture(); // starts the Rome run
      awaitQuietly(fetching[0]);
      city.set("Oslo"); // supersedes the Rome run: it is interrupted
      System.out.println("  -> " + next.join() + " (Rome was never published)");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run to start", e);
    }
  }
}
