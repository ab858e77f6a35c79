package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The graph kernel of one {@link Graph}: locking, the flush queue, errors and async bookkeeping here;
 * tracking and linking in {@link KernelTracking}, propagation and dirty checking in {@link
 * KernelPropagation} (superclasses, split by concern: one object per graph, no indirection on the hot
 * path). It knows nothing of node kinds beyond the hooks of {@link Node} and {@link Consumer}.
 *
 * <h2>Concurrency model</h2>
 * One {@link GraphLock} (a {@link java.util.concurrent.locks.ReentrantLock}) per graph is the graph's
 * consistency domain. Every structural change (link, unlink, flags, versions, values) and every run
 * of user code that must see a consistent graph (derived functions, sync effect bodies, batches)
 * happens while holding it; so a computation never
 * sees half of another thread's write or batch. Reads of clean values take a lock-free path through
 * volatile fields ({@link #globalVersion}, a signal's value, a derived's stamp). Async bodies run on
 * their own threads without the lock and take it briefly for each tracked read.
 *
 * <p>A thread holding graph A's lock never acquires graph B's lock to run B's code: writes to B from
 * inside A are deferred until the thread has released A (see {@link #enter}), and reading a stale
 * derived of B from inside A is refused. So no lock-order deadlock between graphs is possible, and no
 * lock of one graph is held while code of another graph runs.
 */
final class Kernel extends KernelPropagation {
  private static final System.Logger LOG = System.getLogger("dev.weft");
  /** Flush rounds after which effects that keep re-triggering each other are stopped. */
  static final int MAX_FLUSH_ROUNDS = 100;
  /** Nesting of derived computations beyond which the deepest is computed first (trampoline). */
  static final int MAX_COMPUTE_DEPTH = 250;
  /** How many suppressed errors a cached (shared) failure may collect from flushes. */
  static final int MAX_SUPPRESSED_ON_CACHED = 16;

  /** Per-thread bookkeeping across graphs: how many graph locks this thread holds at top level. */
  private static final ThreadLocal<ThreadState> THREAD = ThreadLocal.withInitial(ThreadState::new);

  /** The async run whose body is executing on this thread, if any. */
  static final ScopedValue<AsyncFrame> FRAME = ScopedValue.newInstance();

  final GraphLock lock = new GraphLock(this);
  final String name;
  final TaskFactory taskFactory;
  final ErrorHandler errorHandler;

  /** True once an async node exists: until then reads skip the async-frame lookup. */
  volatile boolean asyncUsed;
  volatile boolean closed;

  // Guarded by lock.
  int batchDepth;
  /** How many derived functions are running nested on the lock holder's stack. */
  int computeDepth;
  /**
   * The trampoline unwind in flight, if any: a user function that catches Throwable cannot swallow
   * it, since every derived computation rethrows it when it ends while this is set.
   */
  @Nullable DeepComputation unwinding;
  private boolean flushing;
  /**
   * The thread state of the last thread that took the lock at top level, kept after it released it,
   * so that the next top-level {@link #enter} from the same thread (the common case: one thread
   * writing in a loop) finds its state without a thread-local lookup, and {@link #release} finds the
   * holder's state without one either (while the lock is held at top level, this is the holder's).
   * Written under the lock, and only when it changes: a reference store into a long-lived object
   * costs G1 a fenced card-marking barrier, which showed in the write path. Read racily by any thread
   * in {@link #enter}: a stale or foreign value is harmless, because it is used only when its final
   * {@code threadId} is the reading thread's own (thread ids are never reused), and then it is that
   * thread's own state, whose other fields only that thread touches. It holds no reference to the
   * thread, so a dead thread is not retained.
   */
  private @Nullable ThreadState lastHolder;
  private Consumer[] queue = new Consumer[16];
  private int queueHead;
  private int queueTail;

  /** Effects, async nodes and started producers to dispose on close. Own leaf lock; see LiveNodes. */
  final LiveNodes live = new LiveNodes();

  Kernel(String name, TaskFactory taskFactory, @Nullable ErrorHandler errorHandler) {
    this.name = name;
    this.taskFactory = taskFactory;
    this.errorHandler = errorHandler != null ? errorHandler : this::logError;
  }

  private void logError(Throwable error) {
    LOG.log(System.Logger.Level.WARNING, "graph '" + name + "': " + error.getMessage(), error);
  }

  // ---------------------------------------------------------------------------------------------
  // Locking across graphs

  private static final class ThreadState {
    /** {@link Thread#threadId()} of the owning thread; see {@link #lastHolder}. */
    final long threadId = Thread.currentThread().threadId();
    int held;
    /** The graph whose lock this thread took at top level (at most one: see {@link #enter}). */
    @Nullable Kernel kernel;
    @Nullable List<Runnable> deferred;
  }

  /** The effect (sync or async) running on this thread, for {@code onCleanup}; empty outside. */
  static java.util.Optional<CleanupOwner> currentCleanupOwner() {
    if (FRAME.isBound() && FRAME.get() instanceof CleanupOwner owner) {
      return java.util.Optional.of(owner);
    }
    Kernel k = THREAD.get().kernel;
    if (k != null && k.heldByCurrentThread() && k.activeSub instanceof CleanupOwner owner) {
      return java.util.Optional.of(owner);
    }
    return java.util.Optional.empty();
  }

  /**
   * Acquires the lock for a write. Returns false (without locking) when the thread holds another
   * graph's lock: the caller must then defer its write with {@link #defer}.
   */
  boolean enter() {
    if (heldByCurrentThread()) {
      lock.lock();
      return true;
    }
    ThreadState ts = lastHolder;
    if (ts == null || ts.threadId != Thread.currentThread().threadId()) {
      ts = THREAD.get();
    }
    if (ts.held > 0) {
      return false;
    }
    lock.lock();
    ts.held++;
    ts.kernel = this;
    if (lastHolder != ts) { // see the field: skip the store (and its GC barrier) when unchanged
      lastHolder = ts;
    }
    return true;
  }

  /** Acquires the lock for a read that must recompute; refuses when another graph is held. */
  void enterForRead(Node node) {
    if (!enter()) {
      throw new IllegalStateException(node.describe() + " of graph '" + name
          + "' is stale and cannot be recomputed from inside a computation of another graph (that"
          + " would run this graph's code under the other graph's lock). Read it outside, or keep"
          + " both in one graph.");
    }
  }

  /** Releases the lock taken by {@link #enter}; at the outermost level, flushes pending effects. */
  void exit() {
    Throwable error = null;
    List<Object[]> done = null;
    boolean outermost = lock.getHoldCount() == 1;
    try {
      if (outermost) {
        if (batchDepth == 0 && !flushing && queueHead != queueTail) {
          error = flush();
        }
        done = completions;
        completions = null;
      }
    } finally {
      release(outermost);
    }
    if (done != null) {
      complete(done);
    }
    if (error != null) {
      throw Failure.sneaky(error);
    }
  }

  /** Releases without flushing; {@code outermost}: the hold count is 1 (read once, by the caller). */
  private void release(boolean outermost) {
    ThreadState ts = null;
    if (outermost) { // taken at top level by enter(), which stored this thread's state there
      ts = lastHolder;
    }
    lock.unlock();
    if (ts != null) {
      if (--ts.held == 0) {
        ts.kernel = null;
        if (ts.deferred != null) {
          runDeferred(ts);
        }
      }
    }
  }

  private static void runDeferred(ThreadState ts) {
    while (ts.deferred != null) {
      List<Runnable> work = ts.deferred;
      ts.deferred = null;
      for (Runnable r : work) {
        r.run();
      }
    }
  }

  /** Runs {@code write} once this thread has released every graph lock it holds. */
  static void defer(Runnable write) {
    ThreadState ts = THREAD.get();
    if (ts.deferred == null) {
      ts.deferred = new ArrayList<>();
    }
    ts.deferred.add(write);
  }

  /** Whether the current thread may run this graph's computations (holds its lock). */
  boolean heldByCurrentThread() {
    return owner == Thread.currentThread(); // see GraphLock
  }

  /** The async frame of this graph running on the current thread, if any. */
  @Nullable AsyncFrame currentFrame() {
    if (!asyncUsed || !FRAME.isBound()) {
      return null;
    }
    AsyncFrame f = FRAME.get();
    return f.kernel() == this ? f : null;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("graph '" + name + "' is closed: create nodes in an open graph");
    }
  }

  /** Runs {@code read} with tracking suspended for whichever graph this thread is computing in. */
  static <T> T untrackedOnThread(Supplier<T> read) {
    Kernel k = THREAD.get().kernel;
    return k != null ? k.untracked(read) : read.get();
  }

  /** Runs {@code read} with tracking suspended on this thread. */
  <T> T untracked(Supplier<T> read) {
    if (heldByCurrentThread()) {
      Consumer prev = activeSub;
      activeSub = null;
      try {
        return read.get();
      } finally {
        activeSub = prev;
      }
    }
    if (currentFrame() != null) {
      return ScopedValue.where(FRAME, AsyncFrame.NONE).call(read::get);
    }
    return read.get();
  }

  /** Queues a leaf for the next flush (once). */
  void enqueue(Consumer c) {
    if ((c.flags & Node.QUEUED) != 0) {
      return;
    }
    c.flags |= Node.QUEUED;
    // Only grows: compaction happens between flush rounds, where no index is held.
    if (queueTail == queue.length) {
      queue = java.util.Arrays.copyOf(queue, queue.length * 2);
    }
    queue[queueTail++] = c;
  }

  /**
   * Runs queued leaves until none is left, in the order they were queued. Each round runs what was
   * queued before it; what runs queue for the next round. Returns the first error (later ones
   * suppressed in it), or null. JVM-fatal errors are rethrown at once.
   */
  @Nullable Throwable flush() {
    flushing = true;
    Throwable first = null;
    int rounds = 0;
    try {
      while (queueHead != queueTail) {
        if (++rounds > MAX_FLUSH_ROUNDS) {
          CycleException cycle = cycleError();
          first = addError(first, cycle);
          break;
        }
        if (queueHead > 0) {
          int n = queueTail - queueHead;
          System.arraycopy(queue, queueHead, queue, 0, n);
          java.util.Arrays.fill(queue, n, queueTail, null);
          queueHead = 0;
          queueTail = n;
        }
        int end = queueTail;
        while (queueHead < end) {
          Consumer c = queue[queueHead];
          queue[queueHead++] = null;
          c.flags &= ~Node.QUEUED;
          try {
            c.runQueued();
          } catch (Throwable t) {
            c.queuedRunAbandoned();
            Failure.rethrowIfFatal(t);
            first = addError(first, t);
          }
        }
      }
    } finally {
      flushing = false;
      if (queueHead == queueTail) {
        queueHead = 0;
        queueTail = 0;
      } else { // a fatal error or a cycle stopped the flush: unqueue the rest so they can run later
        for (int i = queueHead; i < queueTail; i++) {
          queue[i].flags &= ~Node.QUEUED;
          queue[i].queuedRunAbandoned();
          queue[i] = null;
        }
        queueHead = 0;
        queueTail = 0;
      }
    }
    return first;
  }

  private CycleException cycleError() {
    StringBuilder names = new StringBuilder();
    for (int i = queueHead; i < queueTail && i < queueHead + 5; i++) {
      names.append(i == queueHead ? "" : ", ").append(queue[i].describe());
    }
    return new CycleException("effects keep re-triggering each other after " + MAX_FLUSH_ROUNDS
        + " flush rounds in graph '" + name + "' (still queued: " + names
        + "): an effect writes a value it (indirectly) reads; guard the write or use untracked()");
  }

  /** Flushes on behalf of no caller (e.g. a thread publishing an async result): errors to the handler. */
  void exitReportingErrors() {
    try {
      exit();
    } catch (Throwable t) {
      Failure.rethrowIfFatal(t);
      report(t);
    }
  }

  // Failures cached by derived values (rethrown on every read): never given suppressed exceptions,
  // or a cached exception would grow with every flush that also saw another error. Weak identity
  // set (Throwable does not override equals). Guarded by the lock.
  private final Set<Throwable> cachedFailures =
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

  /** Under the lock: {@code error} is cached by a derived value and shared by its readers. */
  void cachedFailure(Throwable error) {
    cachedFailures.add(error);
  }

  /**
   * Keeps the first error of a flush, adding later ones to it as suppressed (once each). A failure
   * cached by a derived value is shared by every reader until a source changes, so it takes at most
   * {@link #MAX_SUPPRESSED_ON_CACHED}; beyond that, later errors go to the error handler.
   */
  Throwable addError(@Nullable Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (first == next) {
      return first;
    }
    for (Throwable s : first.getSuppressed()) {
      if (s == next) {
        return first;
      }
    }
    if (cachedFailures.contains(first) && first.getSuppressed().length >= MAX_SUPPRESSED_ON_CACHED) {
      report(next); // bounded: a cached failure must not grow with every flush
    } else {
      first.addSuppressed(next);
    }
    return first;
  }

  /**
   * Exits after {@code primary} was thrown under the lock: a flush error does not replace it but is
   * added to it (or reported, see {@link #addError}). Returns {@code primary} to rethrow.
   */
  Throwable exitAfter(Throwable primary) {
    try {
      exit();
    } catch (Throwable flushError) {
      Failure.rethrowIfFatal(flushError);
      addError(primary, flushError);
    }
    return primary;
  }

  /** Hands an error with no caller to the graph's error handler; a throwing handler is logged. */
  void report(Throwable error) {
    try {
      errorHandler.handle(error);
    } catch (Throwable t) {
      Failure.rethrowIfFatal(t);
      LOG.log(System.Logger.Level.ERROR, "error handler of graph '" + name + "' threw", t);
    }
  }

  /**
   * Futures to complete once the lock is released (their dependents are user code). Guarded by the
   * lock; drained by {@link #exit}.
   */
  private @Nullable List<Object[]> completions;

  /** Completes {@code future} normally, after the lock is released. Under the lock. */
  void completeLater(java.util.concurrent.CompletableFuture<Void> future) {
    completeLater(future, null);
  }

  /** Completes {@code future} (exceptionally if {@code error} is set) after the lock is released. */
  void completeLater(java.util.concurrent.CompletableFuture<Void> future, @Nullable Throwable error) {
    if (completions == null) {
      completions = new ArrayList<>();
    }
    completions.add(new Object[] {future, error});
  }

  @SuppressWarnings("unchecked")
  private static void complete(List<Object[]> done) {
    for (Object[] c : done) {
      java.util.concurrent.CompletableFuture<Void> f = (java.util.concurrent.CompletableFuture<Void>) c[0];
      if (c[1] == null) {
        f.complete(null);
      } else {
        f.completeExceptionally((Throwable) c[1]);
      }
    }
  }

  /** Tasks of async runs in flight, so that closing the graph can wait for them. Any thread. */
  final Set<Task> runs = ConcurrentHashMap.newKeySet();

  /** Waits until every async run started in this graph has ended (after they were cancelled). */
  void awaitRunsEnded() {
    boolean interrupted = false;
    for (Task t : new ArrayList<>(runs)) {
      while (true) {
        try {
          t.done().toCompletableFuture().get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Registers a node to dispose when the graph closes; rejects registration on a closed graph. */
  void register(LiveNode n) {
    // Add, then check: close() sets closed before it snapshots, so a node either is in close()'s
    // snapshot or sees closed here and disposes itself (dispose is idempotent if both happen).
    live.add(Objects.requireNonNull(n));
    if (closed) {
      live.remove(n);
      n.dispose();
      checkOpen();
    }
  }
}
