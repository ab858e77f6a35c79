package dev.weft.reactor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.TaskFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.scheduler.Schedulers;

/**
 * What the README and {@link ReactorTaskFactory} promise about {@code
 * -Dreactor.schedulers.defaultBoundedElasticOnVirtualThreads=true}. The property is read once per JVM,
 * so Surefire runs this class in a fork of its own with the property set (see the module pom).
 */
@EnabledIfSystemProperty(named = "reactor.schedulers.defaultBoundedElasticOnVirtualThreads", matches = "true")
class BoundedElasticOnVirtualThreadsTest {

  @Nested
  class SharedBoundedElastic {
    @Test
    void runsEachRunOnAVirtualThread() throws Exception {
      AtomicReference<Thread> thread = new AtomicReference<>();
      Task task = ReactorTaskFactory.of(Schedulers.boundedElastic()).start(() -> thread.set(Thread.currentThread()));
      task.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertTrue(thread.get().isVirtual(), thread.get().toString());
    }

    @Test
    void cancellingInterruptsTheVirtualThread() throws Exception {
      TaskFactory factory = ReactorTaskFactory.of(Schedulers.boundedElastic());
      CountDownLatch started = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      Task task = factory.start(() -> {
        started.countDown();
        try {
          new CountDownLatch(1).await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
      });
      assertTrue(started.await(10, TimeUnit.SECONDS));
      task.cancel();
      task.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertTrue(interrupted.get());
    }
  }
}
