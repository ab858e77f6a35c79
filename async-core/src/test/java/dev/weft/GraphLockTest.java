package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The graph lock keeps its holder in a plain field of the kernel ({@link KernelTracking#owner}), which
 * every tracked read consults: it must name the holder exactly while the lock is held, on every way
 * of acquiring and releasing it, and never name a thread that does not hold it.
 */
class GraphLockTest {
  final Kernel kernel = new Kernel("lock-test", TaskFactory.inline(), null);
  final GraphLock lock = kernel.lock;

  @Nested
  class Reentrancy {
    @Test
    void ownerIsSetOnFirstAcquireAndClearedOnLastRelease() {
      assertNull(kernel.owner);
      lock.lock();
      lock.lock();
      assertSame(Thread.currentThread(), kernel.owner);
      assertEquals(2, lock.getHoldCount());
      lock.unlock();
      assertTrue(kernel.heldByCurrentThread());
      assertEquals(1, lock.getHoldCount());
      lock.unlock();
      assertNull(kernel.owner);
      assertFalse(kernel.heldByCurrentThread());
      assertEquals(0, lock.getHoldCount());
      assertFalse(lock.isLocked());
    }

    @Test
    void everyAcquireMethodKeepsTheOwner() throws InterruptedException {
      assertTrue(lock.tryLock());
      lock.lockInterruptibly();
      assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
      assertEquals(3, lock.getHoldCount());
      for (int i = 0; i < 3; i++) {
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
      }
      assertNull(kernel.owner);
      assertFalse(lock.isLocked());
    }
  }

  @Nested
  class OtherThreads {
    @Test
    void aThreadThatDoesNotHoldTheLockNeverSeesItselfAsOwner() throws Exception {
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<Thread> holder = new AtomicReference<>();
      Thread t = Thread.ofVirtual().start(() -> {
        lock.lock();
        holder.set(Thread.currentThread());
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          lock.unlock();
        }
      });
      assertTrue(held.await(10, TimeUnit.SECONDS));
      assertSame(holder.get(), kernel.owner);
      assertFalse(kernel.heldByCurrentThread());
      assertFalse(lock.isHeldByCurrentThread());
      assertEquals(0, lock.getHoldCount());
      assertFalse(lock.tryLock(), "held by the other thread");
      assertSame(holder.get(), kernel.owner, "a failed tryLock leaves the owner alone");
      assertThrows(IllegalMonitorStateException.class, lock::unlock);
      assertSame(holder.get(), kernel.owner, "a wrong unlock leaves the owner alone");
      release.countDown();
      t.join();
      assertNull(kernel.owner);
      assertTrue(lock.tryLock());
      assertTrue(kernel.heldByCurrentThread());
      lock.unlock();
    }

    @Test
    void anInterruptedAcquireLeavesNoOwner() {
      lock.lock();
      try {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().unstarted(() -> {
          Thread.currentThread().interrupt();
          try {
            lock.lockInterruptibly();
            outcome.complete(null);
          } catch (Throwable e) {
            outcome.complete(e);
          }
        });
        t.start();
        assertTrue(outcome.join() instanceof InterruptedException);
        assertSame(Thread.currentThread(), kernel.owner);
      } finally {
        lock.unlock();
      }
      assertNull(kernel.owner);
    }
  }

  @Test
  void conditionsAreRefused() {
    assertThrows(UnsupportedOperationException.class, lock::newCondition);
  }
}
