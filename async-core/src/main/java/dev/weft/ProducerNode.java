package dev.weft;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signal fed by an external source, started lazily on the first {@link #get()} or {@link #subscribe}
 * (never on {@link #peek()}) and exactly once until stopped.
 *
 * <p>Threads: {@link #started} is volatile for the lock-free "already started" check; starting,
 * stopping and {@link #generation} are guarded by the graph lock, so racing readers start the source
 * once. {@code start} runs under the graph lock: it should hand the work to its own thread and return.
 * The stop function runs without any lock (it may join the source's thread, which may be waiting to
 * deliver a value). Values from a previous start (an older generation) are ignored.
 */
final class ProducerNode<T> extends SignalNode<T> implements Producer<T>, LiveNode {
  private final Start<T> start;
  private final boolean stopWhenUnwatched;
  private final @Nullable String name;
  private volatile boolean started;
  private int generation;
  private @Nullable Runnable stop;
  // Guarded by the graph's LiveNodes lock: registered while started.
  private @Nullable LiveNode livePrev;
  private @Nullable LiveNode liveNext;

  ProducerNode(Kernel kernel, T initial, Start<T> start, Producer.Options options) {
    super(kernel, initial, options.equality());
    this.start = Objects.requireNonNull(start, "start");
    this.stopWhenUnwatched = options.stopWhenUnwatched();
    this.name = options.name().orElse(null);
  }

  @Override
  public T get() {
    ensureStarted();
    return super.get();
  }

  @Override
  public Subscription subscribe(java.util.function.Consumer<? super T> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    ensureStarted();
    return super.subscribe(consumer);
  }

  private void ensureStarted() {
    if (started) {
      return;
    }
    Kernel k = kernel;
    if (!k.enter()) {
      throw new IllegalStateException(describe() + " cannot be started from inside a computation"
          + " of another graph; read it once outside first, or keep both in one graph");
    }
    try {
      if (!started) {
        int gen = ++generation;
        started = true;
        Runnable s;
        try {
          s = start.start(new GenerationSink(gen));
        } catch (Throwable t) {
          started = false;
          generation++;
          throw t;
        }
        stop = s;
        k.live.add(this);
      }
    } finally {
      k.exit();
    }
  }

  /** The sink handed to one start: ignores values once that start has been stopped. */
  private final class GenerationSink implements Sink<T> {
    private final int gen;

    GenerationSink(int gen) {
      this.gen = gen;
    }

    @Override
    public void accept(T value) {
      push(gen, Objects.requireNonNull(value, "value"));
    }

    @Override
    public void error(Throwable error) {
      push(gen, new Failure(Objects.requireNonNull(error, "error")));
    }
  }

  private void push(int gen, Object next) {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(() -> push(gen, next));
      return;
    }
    try {
      if (gen == generation && started) {
        commit(next);
      }
    } finally {
      k.exit();
    }
  }

  @Override
  void onUnwatched() {
    if (stopWhenUnwatched) {
      Kernel.defer(this::stopIfUnwatched);
    }
  }

  private void stopIfUnwatched() {
    stopWhere(true);
  }

  @Override
  public void dispose() {
    stopWhere(false);
  }

  private void stopWhere(boolean onlyIfUnwatched) {
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(() -> stopWhere(onlyIfUnwatched));
      return;
    }
    Runnable s;
    try {
      if (!started || (onlyIfUnwatched && subs != null)) {
        return;
      }
      started = false;
      generation++;
      s = stop;
      stop = null;
      k.live.remove(this);
    } finally {
      k.exit();
    }
    if (s != null) {
      try {
        s.run();
      } catch (Throwable t) {
        Failure.rethrowIfFatal(t);
        k.report(new NodeException(describe(), "its stop function threw", t));
      }
    }
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
  public boolean isStarted() {
    return started;
  }

  @Override
  public boolean isDisposed() {
    return !started;
  }

  @Override
  String describe() {
    return name != null ? "producer '" + name + "'" : "producer@" + Integer.toHexString(hashCode());
  }

  @Override
  public String toString() {
    return "Producer[" + (name != null ? name + ", " : "") + (started ? "started, " : "stopped, ")
        + value + "]";
  }
}
