package dev.weft;

import dev.weft.FuzzExpr.Err;
import dev.weft.FuzzExpr.FuzzError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One case of the differential test: a random graph (signals, derived and memoized values with
 * dynamic branches and failures, effects that read tracked and untracked, write other signals, throw
 * and register cleanups, subscriptions) driven by a random sequence of operations (writes, updates,
 * nested batches that may throw, reads, invalidations, effect creation, explicit runs and disposal).
 *
 * <p>Every user function is instrumented, and every observation is checked against an oracle that
 * recomputes each node from scratch over the current signal values:
 * <ul>
 *   <li><b>values</b>: every read, anywhere (outside, inside a batch, inside a derived function or
 *       an effect mid-flush) equals the oracle: this is glitch-freedom and read-your-writes;
 *   <li><b>no needless work</b>: a derived function or an effect reruns only when something it read
 *       (tracked) in its previous run possibly changed since it read it: a signal committed a change,
 *       or a derived recomputed to an unequal value (a memoized one, or a failure, always counts), or
 *       the derived was invalidated. So equality cut-off and dropped branches are checked exactly;
 *   <li><b>no missed work</b>: after each operation, every live effect and subscription saw the
 *       current value of everything it read (by equality; failures by origin);
 *   <li><b>scheduling</b>: no reactive effect run inside a batch; a level-L effect (one that can be
 *       re-triggered through L effect-written signals) runs at most L+1 times per operation; a disposed
 *       effect never runs; each cleanup runs once, before the next run or on dispose;
 *   <li><b>errors</b>: an operation throws iff a user function threw out of it, and it throws the
 *       first such error, with every other reachable through suppressed exceptions.
 * </ul>
 * Effects only write signals of a higher level than anything they read, so no effect cycle exists.
 *
 * <p>Threads: single-threaded; the graph runs every callback on the calling thread.
 */
final class FuzzCase {
  /** A deliberately broken kernel behaviour, used to prove the checker catches it. */
  enum Mutant { NONE, STALE_READ, EXTRA_EFFECT_RUN }

  enum Kind { SIGNAL, DERIVED, MEMOIZED, ASYNC }

  private static final int VALUES = 6;
  private static final int ERROR_MARKER = 9;

  /** One read made by a computation: what it got and when (on {@link #clock}). */
  record Read(int node, Object value, long clock, boolean tracked) {
    @Override
    public String toString() {
      return "n" + node + "=" + value + (tracked ? "" : "(untracked)");
    }
  }

  /** A node and the test's shadow of it. */
  final class N {
    final int id;
    final Kind kind;
    final int level;
    final @Nullable FuzzExpr expr;
    final boolean neverEqual;
    final boolean mayFail;
    ReadableSignal<Integer> handle;
    /** For {@link Kind#ASYNC}: the async derived (inline task factory), read with {@code await()}. */
    @Nullable AsyncDerived<Integer> async;
    Object value = 0; // signals: the shadow value
    long lastChange;
    long invalidatedAt = -1;
    boolean executed;
    long execStart;
    Object result = 0;
    List<Read> reads = List.of();

    N(int id, Kind kind, int level, @Nullable FuzzExpr expr, boolean neverEqual, boolean mayFail) {
      this.id = id;
      this.kind = kind;
      this.level = level;
      this.expr = expr;
      this.neverEqual = neverEqual;
      this.mayFail = mayFail;
      this.handle = null;
    }

    @Override
    public String toString() {
      return "n" + id + " " + kind.name().toLowerCase() + (expr != null ? " = " + expr : "")
          + (neverEqual ? " (Equality.never)" : "") + " level " + level;
    }
  }

  /** An effect and the test's record of it. */
  final class E {
    final int id;
    final FuzzExpr expr;
    final List<Integer> untracked;
    final int target;
    final boolean rethrow;
    final boolean cleanup;
    final boolean lazy;
    final int level;
    final int style;
    /** An {@link Effect}, or an {@link AsyncEffect} on the inline task factory. */
    @Nullable Disposable handle;
    boolean async;
    boolean disposed;
    boolean explicitPending;
    List<Read> reads = List.of();
    int runs;
    int reactiveRuns;
    int cleanupPending;

    E(int id, FuzzExpr expr, List<Integer> untracked, int target, boolean rethrow, boolean cleanup,
        boolean lazy, int level, int style) {
      this.id = id;
      this.expr = expr;
      this.untracked = untracked;
      this.target = target;
      this.rethrow = rethrow;
      this.cleanup = cleanup;
      this.lazy = lazy;
      this.level = level;
      this.style = style;
    }

    @Override
    public String toString() {
      return "e" + id + " reads " + expr + (untracked.isEmpty() ? "" : " untracked " + untracked)
          + (target >= 0 ? " writes n" + target : "") + (rethrow ? " rethrows" : "")
          + (cleanup ? " cleanup" : "") + (lazy ? " lazy" : "") + " level " + level;
    }
  }

  /** A subscription and the test's record of it. */
  final class S {
    final int id;
    final int node;
    @Nullable Subscription handle;
    boolean disposed;
    boolean creating;
    Object last = 0;
    long lastClock;
    int reactiveRuns;

    S(int id, int node) {
      this.id = id;
      this.node = node;
    }
  }

  private record Frame(String who, List<Read> reads) {}

  /** Thrown by a batch whose work fails on purpose. */
  static final class BatchAbort extends RuntimeException {
    BatchAbort(int op) {
      super("batch of op " + op + " aborted on purpose", null, true, false);
    }
  }

  private final long seed;
  private final SplittableRandom rnd;
  private final Mutant mutant;
  /** Whether the case also builds async derived values and async effects (inline task factory). */
  private final boolean withAsync;
  /** What the graph's error handler received: async effects' failures. */
  private final List<Throwable> handled = new ArrayList<>();
  /** Failures thrown by async effect bodies during the current operation: they go to the handler. */
  private final List<Throwable> thrownToHandler = new ArrayList<>();
  private final Graph g = Graph.builder().name("fuzz").errorHandler(handled::add).build();
  private final List<N> nodes = new ArrayList<>();
  private final List<E> effects = new ArrayList<>();
  private final List<S> subs = new ArrayList<>();
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Map<Integer, Object> memo = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> ops = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final List<Throwable> thrown = new ArrayList<>();
  private long clock;
  private int batchDepth;
  private boolean closed;
  private int opCount;

  FuzzCase(long seed, Mutant mutant) {
    this(seed, mutant, false);
  }

  FuzzCase(long seed, Mutant mutant, boolean withAsync) {
    this.seed = seed;
    this.rnd = new SplittableRandom(seed);
    this.mutant = mutant;
    this.withAsync = withAsync;
  }

  /** Builds and runs the case; returns the run log (for determinism checks) or the first violation. */
  Result run() {
    try {
      build();
      int n = 10 + rnd.nextInt(60);
      for (int i = 0; i < n && violations.isEmpty(); i++) {
        topLevel();
      }
      if (violations.isEmpty()) {
        closeAndCheck();
      }
    } catch (Throwable t) {
      violations.add("the test harness itself failed: " + stack(t));
    } finally {
      if (!closed) {
        g.close();
      }
    }
    return new Result(List.copyOf(events), violations.isEmpty() ? null : report());
  }

  /** The outcome of a case: its event log, and a failure report if a check failed. */
  record Result(List<String> events, @Nullable String failure) {}

  // ---------------------------------------------------------------------------------------------
  // Building

  private void build() {
    int signals = 2 + rnd.nextInt(7);
    for (int i = 0; i < signals; i++) {
      int r = rnd.nextInt(100);
      addSignal(r < 65 ? 0 : r < 85 ? 1 : 2);
    }
    int derived = rnd.nextInt(14);
    for (int i = 0; i < derived; i++) {
      addDerived();
    }
    int initialEffects = 1 + rnd.nextInt(5);
    for (int i = 0; i < initialEffects && violations.isEmpty(); i++) {
      runTopLevel("create effect", this::createEffect);
    }
  }

  private void addSignal(int level) {
    int id = nodes.size();
    N n = new N(id, Kind.SIGNAL, level, null, rnd.nextInt(100) < 10, false);
    int initial = rnd.nextInt(VALUES);
    n.value = initial;
    n.handle = n.neverEqual ? g.signal(initial, Equality.never()) : g.signal(initial);
    nodes.add(n);
    ops.add("create " + n + " = " + initial);
  }

  private void addDerived() {
    int id = nodes.size();
    List<Integer> ids = new ArrayList<>();
    for (N n : nodes) {
      ids.add(n.id);
    }
    FuzzExpr expr = FuzzExpr.random(rnd, ids, 1 + rnd.nextInt(3), id, rnd.nextInt(100) < 30);
    Set<Integer> refs = new TreeSet<>();
    expr.refs(refs);
    int level = 0;
    boolean mayFail = expr.mayFail();
    for (int r : refs) {
      level = Math.max(level, nodes.get(r).level);
      mayFail |= nodes.get(r).mayFail;
    }
    Kind kind = rnd.nextInt(100) < 25 ? Kind.MEMOIZED : Kind.DERIVED;
    if (withAsync && rnd.nextInt(100) < 25) {
      kind = Kind.ASYNC;
    }
    N n = new N(id, kind, level, expr, false, mayFail);
    Supplier<Integer> fn = derivedFunction(n);
    if (kind == Kind.ASYNC) {
      n.async = g.asyncDerived(fn::get, AsyncDerived.Options.defaults().taskFactory(TaskFactory.inline()).name("n" + id));
    } else {
      n.handle = kind == Kind.MEMOIZED ? g.memoized(fn)
          : rnd.nextBoolean() ? g.derived("n" + id, fn) : g.derived(fn);
    }
    if (mutant == Mutant.STALE_READ && id == nodes.size() && kind == Kind.DERIVED && rnd.nextBoolean()) {
      n.handle = staleView(n.handle);
    }
    nodes.add(n);
    ops.add("create " + n);
  }

  /** The mutant: a view that keeps returning the first value it read. */
  private static ReadableSignal<Integer> staleView(ReadableSignal<Integer> real) {
    return new ReadableSignal<>() {
      @Nullable Integer first;

      @Override
      public Integer get() {
        if (first == null) {
          first = real.get();
        }
        return first;
      }

      @Override
      public Integer peek() {
        return get();
      }

      @Override
      public Subscription subscribe(java.util.function.Consumer<? super Integer> c) {
        return real.subscribe(c);
      }
    };
  }

  private Supplier<Integer> derivedFunction(N n) {
    FuzzExpr expr = java.util.Objects.requireNonNull(n.expr);
    return () -> {
      long start = ++clock;
      if (n.executed && n.invalidatedAt < n.execStart && !changedSince(n.reads)) {
        violations.add("n" + n.id + " recomputed although nothing it read changed since its previous"
            + " run (it read " + n.reads + ")");
      }
      events.add("n" + n.id);
      Frame f = new Frame("n" + n.id, new ArrayList<>());
      frames.push(f);
      Object result = null;
      try {
        int v = expr.eval(x -> read(x, true, 0));
        result = v;
        return v;
      } catch (FuzzError e) {
        result = new Err(e.origin);
        throw e;
      } finally {
        frames.pop();
        if (result == null) {
          violations.add("n" + n.id + "'s function was aborted by an unexpected exception (see above)");
          result = new Err(-1);
        }
        boolean changed = !n.executed || n.kind == Kind.MEMOIZED || result instanceof Err
            || n.result instanceof Err || !result.equals(n.result);
        if (changed) {
          n.lastChange = ++clock;
        }
        n.reads = f.reads;
        n.result = result;
        n.executed = true;
        n.execStart = start;
      }
    };
  }

  private boolean changedSince(List<Read> reads) {
    for (Read r : reads) {
      if (r.tracked && nodes.get(r.node).lastChange > r.clock) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Oracle

  private Object oracle(int id) {
    Object cached = memo.get(id);
    if (cached != null) {
      return cached;
    }
    N n = nodes.get(id);
    Object v;
    if (n.kind == Kind.SIGNAL) {
      v = n.value;
    } else {
      try {
        v = java.util.Objects.requireNonNull(n.expr).eval(this::oracleRead);
      } catch (FuzzError e) {
        v = new Err(e.origin);
      }
    }
    memo.put(id, v);
    return v;
  }

  private int oracleRead(int id) {
    Object v = oracle(id);
    if (v instanceof Err e) {
      throw new FuzzError(e.origin());
    }
    return (Integer) v;
  }

  // ---------------------------------------------------------------------------------------------
  // Instrumented reads and writes

  private String where() {
    Frame f = frames.peek();
    return f == null ? (batchDepth > 0 ? "inside a batch" : "outside") : "inside " + f.who;
  }

  /** Reads node {@code id} through the kernel (style: 0 get/peek, 1 Graph.untracked, 2 Weft.untracked). */
  private int read(int id, boolean tracked, int style) {
    N n = nodes.get(id);
    Object v;
    FuzzError error = null;
    try {
      if (n.async != null) {
        AsyncDerived<Integer> a = n.async;
        v = tracked ? a.await() : style == 1 ? g.untracked(a::await) : Weft.untracked(a::await);
      } else {
        v = tracked ? n.handle.get()
            : style == 0 ? n.handle.peek()
            : style == 1 ? g.untracked(n.handle::get)
            : Weft.untracked(n.handle::get);
      }
    } catch (FuzzError e) {
      error = e;
      v = new Err(e.origin);
    } catch (RuntimeException | Error e) {
      violations.add(where() + ": reading n" + id + " threw " + stack(e));
      throw e;
    }
    long c = ++clock;
    Object expected = oracle(id);
    if (!v.equals(expected)) {
      violations.add(where() + ": read n" + id + " = " + v + " but the oracle says " + expected);
    }
    Frame f = frames.peek();
    if (f != null) {
      f.reads.add(new Read(id, v, c, tracked));
    }
    if (error != null) {
      throw error;
    }
    return (Integer) v;
  }

  /** Writes a signal through the kernel (style: 0 set, 1 update, 2 set in a nested batch). */
  private void write(int id, int value, int style) {
    N n = nodes.get(id);
    Object old = n.value;
    boolean changed = n.neverEqual || !old.equals(value);
    n.value = value;
    memo.clear();
    if (changed) {
      n.lastChange = ++clock;
    }
    Signal<Integer> s = (Signal<Integer>) n.handle;
    boolean reported;
    if (style == 1) {
      reported = s.update(current -> {
        if (!current.equals(old)) {
          violations.add("update of n" + id + " was given " + current + ", expected " + old);
        }
        return value;
      });
    } else if (style == 2) {
      reported = g.batch(() -> s.set(value));
    } else {
      reported = s.set(value);
    }
    if (reported != changed) {
      violations.add("writing " + value + " over " + old + " to n" + id + " returned " + reported);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Effects and subscriptions

  private Runnable effectBody(E e) {
    return () -> {
      onEffectStart(e);
      Frame f = new Frame("e" + e.id, new ArrayList<>());
      frames.push(f);
      Object result;
      FuzzError error = null;
      try {
        try {
          result = e.expr.eval(x -> read(x, true, 0));
        } catch (FuzzError x) {
          error = x;
          result = new Err(x.origin);
        }
        for (int i = 0; i < e.untracked.size(); i++) {
          try {
            read(e.untracked.get(i), false, (e.style + i) % 3);
          } catch (FuzzError ignored) {
            // recorded by read(); an effect may ignore a failed untracked read
          }
        }
      } finally {
        frames.pop();
        e.reads = f.reads;
      }
      int run = e.runs;
      if (e.cleanup) {
        e.cleanupPending = run;
        Runnable cleanup = () -> onCleanup(e, run);
        if (e.style == 0) {
          g.onCleanup(cleanup);
        } else {
          Weft.onCleanup(cleanup);
        }
      }
      if (e.target >= 0) {
        write(e.target, result instanceof Integer v ? Math.floorMod(v, 4) : ERROR_MARKER, e.style);
      }
      if (error != null && e.rethrow) {
        (e.async ? thrownToHandler : thrown).add(error);
        throw error;
      }
    };
  }

  private void onEffectStart(E e) {
    if (e.disposed || closed) {
      violations.add("e" + e.id + " ran after " + (closed ? "the graph was closed" : "it was disposed"));
    }
    if (e.explicitPending) {
      e.explicitPending = false;
    } else {
      if (batchDepth > 0) {
        violations.add("e" + e.id + " ran inside a batch (" + where() + ")");
      }
      if (!changedSince(e.reads)) {
        violations.add("e" + e.id + " reran although nothing it read changed (it read " + e.reads + ")");
      }
      if (++e.reactiveRuns > e.level + 1) {
        violations.add("e" + e.id + " (level " + e.level + ") ran " + e.reactiveRuns + " times in one operation");
      }
    }
    if (e.cleanupPending != 0) {
      violations.add("e" + e.id + " started run " + (e.runs + 1) + " before the cleanup of run " + e.cleanupPending + " ran");
    }
    e.runs++;
    events.add("e" + e.id);
  }

  private void onCleanup(E e, int run) {
    if (e.cleanupPending != run) {
      violations.add("cleanup of e" + e.id + " run " + run + " ran, but the pending cleanup was of run " + e.cleanupPending);
    }
    e.cleanupPending = 0;
  }

  private void onSubscriber(S s, Integer value) {
    if (s.disposed || closed) {
      violations.add("subscriber s" + s.id + " called after it was disposed");
    }
    long c = ++clock;
    if (s.creating) {
      s.creating = false;
    } else {
      if (batchDepth > 0) {
        violations.add("subscriber s" + s.id + " called inside a batch");
      }
      if (nodes.get(s.node).lastChange <= s.lastClock) {
        violations.add("subscriber s" + s.id + " of n" + s.node + " called again with " + value + " although n"
            + s.node + " did not change");
      }
      if (++s.reactiveRuns > nodes.get(s.node).level + 1) {
        violations.add("subscriber s" + s.id + " called " + s.reactiveRuns + " times in one operation");
      }
    }
    Object expected = oracle(s.node);
    if (!value.equals(expected)) {
      violations.add("subscriber s" + s.id + " of n" + s.node + " got " + value + ", the oracle says " + expected);
    }
    s.last = value;
    s.lastClock = c;
    events.add("s" + s.id);
  }

  private void createEffect() {
    List<Integer> ids = new ArrayList<>();
    for (N n : nodes) {
      ids.add(n.id);
    }
    int id = effects.size();
    FuzzExpr expr = FuzzExpr.random(rnd, ids, rnd.nextInt(3), -1, false);
    Set<Integer> refs = new TreeSet<>();
    expr.refs(refs);
    int level = 0;
    for (int r : refs) {
      level = Math.max(level, nodes.get(r).level);
    }
    List<Integer> untracked = new ArrayList<>();
    if (rnd.nextInt(100) < 25) {
      for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
        untracked.add(ids.get(rnd.nextInt(ids.size())));
      }
    }
    int target = -1;
    if (rnd.nextInt(100) < 50) {
      List<Integer> candidates = new ArrayList<>();
      for (N n : nodes) {
        if (n.kind == Kind.SIGNAL && n.level == level + 1) {
          candidates.add(n.id);
        }
      }
      if (!candidates.isEmpty()) {
        target = candidates.get(rnd.nextInt(candidates.size()));
      }
    }
    E e = new E(id, expr, untracked, target, rnd.nextInt(100) < 30, rnd.nextInt(100) < 30,
        rnd.nextInt(100) < 15, level, rnd.nextInt(3));
    e.async = withAsync && rnd.nextInt(100) < 25;
    effects.add(e);
    ops.add("create " + (e.async ? "async " : "") + e);
    boolean named = rnd.nextBoolean();
    e.explicitPending = !e.lazy;
    try {
      if (e.async) {
        AsyncEffect.Options options = AsyncEffect.Options.defaults().taskFactory(TaskFactory.inline())
            .callImmediately(!e.lazy);
        Runnable body = effectBody(e);
        e.handle = g.asyncEffect(body::run, named ? options.name("e" + id) : options);
      } else {
        Effect.Options options = Effect.Options.defaults().callImmediately(!e.lazy);
        e.handle = g.effect(effectBody(e), named ? options.name("e" + id) : options);
      }
    } finally {
      if (e.explicitPending) {
        e.explicitPending = false;
        if (!e.lazy) {
          violations.add("e" + id + " did not run at creation");
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  private void topLevel() {
    int k = rnd.nextInt(100);
    if (k < 12) {
      runTopLevel("batch", () -> batch(0));
    } else {
      runTopLevel("op", () -> randomOp(0));
    }
    if (mutant == Mutant.EXTRA_EFFECT_RUN && !effects.isEmpty() && rnd.nextInt(4) == 0) {
      E e = effects.get(rnd.nextInt(effects.size()));
      if (!e.disposed && e.handle != null) {
        try {
          effectBody(e).run(); // as if the kernel reran it for nothing
        } catch (FuzzError ignored) {
          // the mutant only needs the run to be observed
        }
      }
    }
  }

  private void runTopLevel(String what, Runnable op) {
    opCount++;
    thrown.clear();
    thrownToHandler.clear();
    handled.clear();
    for (E e : effects) {
      e.reactiveRuns = 0;
    }
    for (S s : subs) {
      s.reactiveRuns = 0;
    }
    Throwable caught = null;
    try {
      op.run();
    } catch (Throwable t) {
      caught = t;
    }
    checkErrors(what, caught);
    checkHandled(what);
    checkQuiescent();
  }

  private void checkErrors(String what, @Nullable Throwable caught) {
    if (thrown.isEmpty()) {
      if (caught != null) {
        violations.add(what + " threw although no user function did: " + stack(caught));
      }
      return;
    }
    if (caught != thrown.getFirst()) {
      violations.add(what + " should have thrown the first error " + thrown.getFirst() + " but threw "
          + (caught == null ? "nothing" : stack(caught)));
      return;
    }
    Set<Throwable> reachable = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(caught, reachable);
    for (Throwable t : thrown) {
      if (!reachable.contains(t)) {
        violations.add(what + " lost error " + t + ": neither thrown nor suppressed in " + stack(caught));
      }
    }
  }

  /** Async effects' failures reach the error handler as NodeExceptions naming the effect; nothing else does. */
  private void checkHandled(String what) {
    Set<Throwable> causes = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable h : handled) {
      if (!(h instanceof NodeException n) || !n.node().contains("async effect")) {
        violations.add(what + ": the error handler got " + stack(h));
      } else {
        causes.add(n.getCause());
      }
    }
    for (Throwable t : thrownToHandler) {
      if (!causes.contains(t)) {
        violations.add(what + ": an async effect's failure " + t + " never reached the error handler (got " + handled + ")");
      }
    }
  }

  private static void collect(Throwable t, Set<Throwable> out) {
    if (out.add(t)) {
      for (Throwable s : t.getSuppressed()) {
        collect(s, out);
      }
    }
  }

  private void checkQuiescent() {
    for (E e : effects) {
      if (e.disposed || e.handle == null) {
        continue;
      }
      for (Read r : e.reads) {
        Object now = oracle(r.node);
        if (r.tracked && !r.value.equals(now)) {
          violations.add("e" + e.id + " missed a change: its last run read n" + r.node + " = " + r.value
              + ", which is now " + now);
        }
      }
    }
    for (S s : subs) {
      if (!s.disposed && s.handle != null && !s.last.equals(oracle(s.node))) {
        violations.add("subscriber s" + s.id + " missed a change of n" + s.node + ": last got " + s.last
            + ", now " + oracle(s.node));
      }
    }
  }

  private void batch(int depth) {
    boolean abort = rnd.nextInt(100) < 10;
    int n = 1 + rnd.nextInt(5);
    int op = opCount;
    ops.add("  ".repeat(depth) + "batch {" + (abort ? " (throws at the end)" : ""));
    Supplier<Integer> work = () -> {
      batchDepth++;
      try {
        for (int i = 0; i < n; i++) {
          randomOp(depth + 1);
        }
        if (abort) {
          BatchAbort a = new BatchAbort(op);
          thrown.add(a);
          throw a;
        }
        return n;
      } finally {
        batchDepth--;
      }
    };
    try {
      if (rnd.nextBoolean()) {
        g.batch(work);
      } else {
        g.batch(() -> {
          work.get();
        });
      }
    } finally {
      ops.add("  ".repeat(depth) + "}");
    }
  }

  private void randomOp(int depth) {
    String indent = "  ".repeat(depth);
    int k = rnd.nextInt(100);
    if (k < 10 && depth < 3) {
      batch(depth);
    } else if (k < 40) {
      N s = randomNode(Kind.SIGNAL);
      int v = rnd.nextInt(VALUES);
      int style = rnd.nextInt(100) < 80 ? 0 : 2;
      ops.add(indent + "n" + s.id + ".set(" + v + ")" + (style == 2 ? " in a batch" : ""));
      write(s.id, v, style);
    } else if (k < 50) {
      N s = randomNode(Kind.SIGNAL);
      int v = Math.floorMod((Integer) s.value + rnd.nextInt(3), VALUES);
      ops.add(indent + "n" + s.id + ".update(-> " + v + ")");
      write(s.id, v, 1);
    } else if (k < 64) {
      N n = nodes.get(rnd.nextInt(nodes.size()));
      boolean peek = rnd.nextBoolean();
      ops.add(indent + "read n" + n.id + (peek ? " (peek)" : ""));
      try {
        read(n.id, false, peek ? 0 : 1);
      } catch (FuzzError expected) {
        // a failed derived rethrows: checked against the oracle by read()
      }
    } else if (k < 69) {
      N d = randomDerived();
      if (d != null) {
        ops.add(indent + "invalidate n" + d.id);
        d.invalidatedAt = ++clock;
        if (d.async != null) {
          d.async.invalidate();
        } else {
          ((Derived<Integer>) d.handle).invalidate();
        }
      }
    } else if (k < 74) {
      createEffect();
    } else if (k < 78) {
      E e = randomEffect();
      if (e != null && e.handle != null) {
        ops.add(indent + "dispose e" + e.id);
        e.handle.dispose();
        e.disposed = true;
        if (!e.handle.isDisposed()) {
          violations.add("e" + e.id + " is not disposed after dispose()");
        }
        if (e.cleanupPending != 0) {
          violations.add("dispose of e" + e.id + " did not run the cleanup of run " + e.cleanupPending);
        }
      }
    } else if (k < 83) {
      E e = randomEffect();
      if (e != null && e.handle != null) {
        ops.add(indent + "e" + e.id + ".run()");
        if (e.disposed) {
          try {
            runExplicitly(e);
            violations.add("run() of disposed e" + e.id + " did not throw");
          } catch (IllegalStateException expected) {
            // documented
          }
        } else {
          e.explicitPending = true;
          try {
            runExplicitly(e);
          } finally {
            if (e.explicitPending) {
              e.explicitPending = false;
              violations.add("e" + e.id + ".run() did not run the body");
            }
          }
        }
      }
    } else if (k < 88) {
      List<N> safe = nodes.stream().filter(n -> !n.mayFail && n.kind != Kind.ASYNC).toList();
      N n = safe.get(rnd.nextInt(safe.size()));
      S s = new S(subs.size(), n.id);
      subs.add(s);
      ops.add(indent + "s" + s.id + " = n" + n.id + ".subscribe()");
      s.creating = true;
      s.handle = n.handle.subscribe(v -> onSubscriber(s, v));
      if (s.creating) {
        violations.add("subscribe did not call the consumer with the current value");
      }
    } else if (k < 91) {
      if (!subs.isEmpty()) {
        S s = subs.get(rnd.nextInt(subs.size()));
        ops.add(indent + "dispose s" + s.id);
        java.util.Objects.requireNonNull(s.handle).dispose();
        s.disposed = true;
      }
    } else if (k < 96) {
      addDerived();
    } else {
      N s = randomNode(Kind.SIGNAL);
      ops.add(indent + "n" + s.id + ".set(same)");
      write(s.id, (Integer) s.value, 0);
    }
  }

  /** {@code run()}: an async effect's future (inline: already complete) fails with the body's error. */
  private void runExplicitly(E e) {
    if (e.handle instanceof AsyncEffect a) {
      java.util.concurrent.CompletableFuture<Void> f = a.run();
      if (!f.isDone()) {
        violations.add("run() of inline async effect e" + e.id + " returned an incomplete future");
      }
      return;
    }
    ((Effect) java.util.Objects.requireNonNull(e.handle)).run();
  }

  private N randomNode(Kind kind) {
    List<N> matching = nodes.stream().filter(n -> n.kind == kind).toList();
    return matching.get(rnd.nextInt(matching.size()));
  }

  private @Nullable N randomDerived() {
    List<N> matching = nodes.stream().filter(n -> n.kind != Kind.SIGNAL).toList();
    return matching.isEmpty() ? null : matching.get(rnd.nextInt(matching.size()));
  }

  private @Nullable E randomEffect() {
    return effects.isEmpty() ? null : effects.get(rnd.nextInt(effects.size()));
  }

  private void closeAndCheck() {
    ops.add("graph.close()");
    g.close();
    closed = true;
    for (E e : effects) {
      if (e.handle != null && !e.handle.isDisposed()) {
        violations.add("e" + e.id + " is not disposed after Graph.close()");
      }
      if (e.cleanupPending != 0 && e.handle != null) {
        violations.add("Graph.close() did not run the cleanup of e" + e.id);
      }
    }
    N s = randomNode(Kind.SIGNAL);
    write(s.id, Math.floorMod((Integer) s.value + 1, VALUES), 0); // must run nothing
  }

  // ---------------------------------------------------------------------------------------------

  private String report() {
    StringBuilder sb = new StringBuilder();
    sb.append(violations.getFirst()).append('\n');
    for (int i = 1; i < Math.min(violations.size(), 5); i++) {
      sb.append("  also: ").append(violations.get(i)).append('\n');
    }
    sb.append("graph and operations (case seed ").append(seed)
        .append("; all of them with -Dweft.fuzz.fullTrace=true):\n");
    int from = Boolean.getBoolean("weft.fuzz.fullTrace") ? 0 : Math.max(0, ops.size() - 60);
    if (from > 0) {
      for (String o : ops) {
        if (o.startsWith("create n")) {
          sb.append("  ").append(o).append('\n');
        }
      }
      sb.append("  ... ").append(from).append(" earlier lines\n");
    }
    for (String o : ops.subList(from, ops.size())) {
      sb.append("  ").append(o).append('\n');
    }
    return sb.toString();
  }

  private static String stack(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    String[] lines = w.toString().split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = 0, shown = 0; i < lines.length && shown < 14; i++) {
      if (!lines[i].contains("org.junit") && !lines[i].contains("jdk.internal.reflect")) {
        sb.append(lines[i]).append('\n');
        shown++;
      }
    }
    return sb.toString();
  }
}
