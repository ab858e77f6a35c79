package dev.weft;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A synchronous effect: a leaf consumer that is always watched. Runs under the graph lock, during
 * the flush that follows the write (or outermost batch) that made it stale, on the writer's thread.
 *
 * <p>Size: 56 bytes with compressed oops, its registration in the graph's {@link LiveNodes} included
 * ({@link #livePrev}, {@link #liveNext}). To stay there, a name is not a field: a named effect's body
 * is wrapped in a {@link NamedWork}, so only named effects pay for their name.
 *
 * <p>Threads: every field is guarded by the graph lock, except the live links (see {@link
 * LiveNodes}).
 */
final class EffectNode extends Consumer implements Effect, Subscription, CleanupOwner, LiveNode {
  /** The user's body, or a {@link NamedWork} around it, or a {@link SubscriberBody}. */
  private final Runnable body;
  private @Nullable Object cleanups;
  private @Nullable LiveNode livePrev;
  private @Nullable LiveNode liveNext;

  EffectNode(Kernel kernel, Runnable body, @Nullable String name) {
    super(kernel);
    Objects.requireNonNull(body, "body");
    this.body = name != null ? new NamedWork(name, body) : body;
    this.flags = WATCHED;
  }

  /** Creates an effect and, if asked, runs it once now. */
  static EffectNode create(Kernel k, Runnable body, Effect.Options options) {
    Objects.requireNonNull(options, "options");
    EffectNode e = new EffectNode(k, body, options.name().orElse(null));
    k.register(e);
    if (options.callImmediately()) {
      try {
        e.run();
      } catch (Throwable t) {
        Failure.rethrowIfFatal(t);
        // The effect stays alive (it tracked what it read before throwing); the caller learns why.
        throw t;
      }
    }
    return e;
  }

  /** {@link ReadableSignal#subscribe}: an effect that hands each value to {@code consumer}, untracked. */
  static <T> Subscription subscribe(
      Kernel k, ReadableSignal<T> source, java.util.function.Consumer<? super T> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    EffectNode e = new EffectNode(k, new SubscriberBody<>(k, source, consumer), null);
    k.register(e);
    try {
      e.run();
    } catch (Throwable t) {
      e.dispose(); // the caller gets no Subscription to dispose: do not leave one behind
      throw t;
    }
    return e;
  }

  @Override
  boolean onNotify() {
    kernel.enqueue(this);
    return false;
  }

  @Override
  void runQueued() {
    int f = flags;
    if ((f & DISPOSED) != 0) {
      return;
    }
    // Versions decide, not marks: a mark can come from a dependency that the last run itself pulled
    // fresh (an inline async derived it awaited publishing mid-run), whose new version it then read.
    if ((f & (DIRTY | PENDING)) != 0 && kernel.depsChanged(this)) {
      runBody();
    } else {
      flags = f & ~(DIRTY | PENDING);
    }
  }

  @Override
  public void run() {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(this::run);
      return;
    }
    try {
      if ((flags & DISPOSED) != 0) {
        throw new IllegalStateException(describe() + " is disposed: create a new effect instead");
      }
      runBody();
    } catch (Throwable t) {
      throw Failure.sneaky(k.exitAfter(t));
    }
    k.exit();
  }

  /** Under the lock: cleanups, then the body, tracked, with its writes batched. */
  private void runBody() {
    Kernel k = kernel;
    flags &= ~(DIRTY | PENDING);
    Object previousCleanups = cleanups;
    cleanups = null;
    Throwable cleanupError = Cleanups.run(previousCleanups);
    Consumer prev = k.activeSub;
    k.activeSub = this;
    Kernel.startTracking(this);
    k.batchDepth++;
    try {
      body.run();
    } finally {
      k.batchDepth--;
      k.activeSub = prev;
      if ((flags & DISPOSED) != 0) {
        k.dropDeps(this);
      } else {
        k.endTracking(this);
      }
    }
    if (cleanupError != null) {
      throw Failure.sneaky(cleanupError);
    }
  }

  @Override
  public void addCleanup(Runnable cleanup) {
    cleanups = Cleanups.add(cleanups, Objects.requireNonNull(cleanup, "cleanup"));
  }

  @Override
  public void dispose() {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(this::dispose);
      return;
    }
    Throwable error;
    try {
      if ((flags & DISPOSED) != 0) {
        return;
      }
      k.dropDeps(this);
      flags = (flags | DISPOSED) & ~(WATCHED | DIRTY | PENDING);
      k.live.remove(this); // nests the leaf lock of LiveNodes inside the graph lock
      Object c = cleanups;
      cleanups = null;
      error = Cleanups.run(c);
    } finally {
      k.exit();
    }
    if (error != null) {
      k.report(new IllegalStateException("cleanup of " + describe() + " failed on dispose", error));
    }
  }

  @Override
  public boolean isDisposed() {
    return (flags & DISPOSED) != 0;
  }

  @Override
  public @Nullable LiveNode livePrev() {
    return livePrev;
  }

  @Override
  public void livePrev(@Nullable LiveNode prev) {
    livePrev = prev;
  }

  @Override
  public @Nullable LiveNode liveNext() {
    return liveNext;
  }

  @Override
  public void liveNext(@Nullable LiveNode next) {
    liveNext = next;
  }

  @Override
  String describe() {
    Runnable b = body;
    if (b instanceof NamedWork named) {
      return "effect '" + named.nodeName() + "'";
    }
    if (b instanceof SubscriberBody<?> subscriber) {
      return "effect '" + subscriber + "'";
    }
    return "effect@" + Integer.toHexString(hashCode());
  }

  /**
   * The body of a {@link ReadableSignal#subscribe} effect: hands each value to the consumer,
   * untracked. A class rather than a named lambda so that the name ("subscriber of ...") is built
   * only when an error message needs it, not on every subscribe.
   */
  private static final class SubscriberBody<T> implements Runnable {
    private final Kernel kernel;
    private final ReadableSignal<T> source;
    private final java.util.function.Consumer<? super T> consumer;

    SubscriberBody(Kernel kernel, ReadableSignal<T> source, java.util.function.Consumer<? super T> consumer) {
      this.kernel = kernel;
      this.source = source;
      this.consumer = consumer;
    }

    @Override
    public void run() {
      T value = source.get();
      kernel.untracked(() -> {
        consumer.accept(value);
        return null;
      });
    }

    @Override
    public String toString() {
      return "subscriber of " + source;
    }
  }
}
