package dev.weft;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Injects one fault into a user callback, for the fault-matrix tests of the kernel, the bus and the
 * session state: the callback calls {@link #maybeFail()}, which fails once and remembers what it
 * threw. {@link #call} runs the trigger on its own caller thread, so that a callback told to block
 * ({@link Fault#INTERRUPTED}) can really be interrupted there.
 */
public final class FaultInjector {
  /** What a callback does wrong. */
  public enum Fault {
    /** Throws an {@link IllegalStateException}. */
    RUNTIME,
    /** Throws an {@link AssertionError}: an Error that is not JVM-fatal. */
    ERROR,
    /** Blocks until interrupted, then restores its interrupt status and throws (as good code does). */
    INTERRUPTED,
    /** Throws an {@link OutOfMemoryError}. */
    OUT_OF_MEMORY,
    /** Throws a {@link StackOverflowError}. */
    STACK_OVERFLOW;

    /** Whether the fault is a {@link VirtualMachineError}, which must never be swallowed. */
    public boolean fatal() {
      return this == OUT_OF_MEMORY || this == STACK_OVERFLOW;
    }
  }

  /** What the caller thread saw: what it caught, and whether it ended with its interrupt status set. */
  public record Outcome(@Nullable Throwable error, boolean stillInterrupted) {}

  private final Fault fault;
  private final AtomicBoolean armed = new AtomicBoolean(true);
  private final CompletableFuture<Thread> blocked = new CompletableFuture<>();
  private volatile @Nullable Throwable thrown;

  public FaultInjector(Fault fault) {
    this.fault = fault;
  }

  public Fault fault() {
    return fault;
  }

  /** What the callback threw, or null if it has not failed yet. */
  public @Nullable Throwable thrown() {
    return thrown;
  }

  /** Called by the callback: fails the first time, then does nothing. */
  public void maybeFail() {
    if (!armed.getAndSet(false)) {
      return;
    }
    Throwable t = switch (fault) {
      case RUNTIME -> new IllegalStateException("injected runtime failure");
      case ERROR -> new AssertionError("injected error");
      case OUT_OF_MEMORY -> new OutOfMemoryError("injected OOM");
      case STACK_OVERFLOW -> new StackOverflowError("injected SOE");
      case INTERRUPTED -> {
        blocked.complete(Thread.currentThread());
        try {
          Thread.sleep(60_000); // interrupted by call() long before this ends
          yield new AssertionError("the callback was never interrupted");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          yield new IllegalStateException("callback interrupted", e);
        }
      }
    };
    thrown = t;
    throw FaultInjectionTest.<RuntimeException>sneaky(t);
  }

  /** Runs {@code trigger} on a fresh caller thread; interrupts the callback if it is to be interrupted. */
  public Outcome call(Runnable trigger) throws Exception {
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread caller = Thread.ofPlatform().name("fault-caller").start(() -> {
      try {
        trigger.run();
      } catch (Throwable t) {
        error.set(t);
      }
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    if (fault == Fault.INTERRUPTED) {
      blocked.get(10, SECONDS).interrupt();
    }
    assertTrue(caller.join(Duration.ofSeconds(10)), "the caller is stuck:\n" + Race.describe(caller));
    return new Outcome(error.get(), interrupted.get());
  }
}
