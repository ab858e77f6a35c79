package dev.weft.samples;

import dev.weft.AsyncDerived;
import dev.weft.AsyncEffect;
import dev.weft.Graph;
import dev.weft.Signal;
import dev.weft.StructuredTaskFactory;
import dev.weft.TaskFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every async run goes through a {@link TaskFactory}, so you decide where runs execute and who owns them:
 * a structured factory guarantees no run outlives its block; a lambda can count, name or confine runs.
 */
public final class TaskFactorySample {
  private TaskFactorySample() {}

  public static void main(String[] args) throws InterruptedException {
    run();
  }

  static void run() throws InterruptedException {
    try (Graph graph = Graph.builder().name("factories").build()) {
      // 1. A custom factory is one lambda: here it counts runs and delegates to virtual threads.
      AtomicInteger started = new AtomicInteger();
      TaskFactory counting = work -> {
        System.out.println("  counting factory: run #" + started.incrementAndGet());
        return TaskFactory.virtualThreads().start(work);
      };
      Signal<Integer> n = graph.signal(3);
      AsyncDerived<Integer> square = graph.asyncDerived(
          () -> n.get() * n.get(), AsyncDerived.Options.defaults().taskFactory(counting));
      System.out.println("square = " + square.await());
      n.set(4);
      System.out.println("square = " + square.await() + ", square again = " + square.await()
          + " (fresh: no new run)");

      // 2. A structured factory owns its runs: leaving the block interrupts and joins them.
      CountDownLatch running = new CountDownLatch(1);
      try (StructuredTaskFactory owner = TaskFactory.structured()) {
        graph.asyncEffect(() -> {
          running.countDown();
          try {
            System.out.println("  long job: started, would take a minute");
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            System.out.println("  long job: interrupted by the factory's close()");
          }
        }, AsyncEffect.Options.defaults().taskFactory(owner).name("long-job"));
        running.await();
        System.out.println("leaving the try-with-resources block...");
      }
      System.out.println("...left it: no run outlives its factory");
    }
  }
}
