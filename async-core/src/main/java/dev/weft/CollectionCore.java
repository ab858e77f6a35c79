package dev.weft;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What the reactive collections share: how they read with tracking and how they write as one batch.
 *
 * <h2>Locking</h2>
 *
 * Two locks, always taken in this order, never the other way round:
 *
 * <ol>
 *   <li>The <b>graph lock</b>. Every write holds it for the whole operation: the change of the backing
 *       structure and the bumps of the nodes that describe it happen in one batch, so a computation of
 *       the graph (which runs under the same lock) sees either none or all of a write, and effects flush
 *       once, when the write (or the caller's outermost batch) ends. Tracked reads hold it too (a sync
 *       computation already does; an async body takes it for the read), so the value read and the
 *       version tracked belong together.
 *   <li>The collection's own {@link #lock}, a leaf lock that guards the backing structure against
 *       readers that do not hold the graph lock (plain reads from any thread). It is held only while the
 *       structure is read, copied or changed: no user code of the graph and no other lock is ever
 *       acquired under it. Keys' {@code hashCode}/{@code equals} run under it, as in every hash-based
 *       collection.
 * </ol>
 *
 * A thread that holds another graph's lock (inside a computation of another graph) never takes this
 * graph's lock: its writes are refused with {@link IllegalStateException}, and its reads are
 * untracked reads under the leaf lock only. So no lock-order cycle between graphs can form.
 *
 * <p>User functions passed to writes ({@code compute}, {@code removeIf}, comparators...) run under the
 * graph lock, like the body of a {@link Graph#batch}, untracked, and before the structure changes, so
 * one that throws leaves the collection as it was. Values are compared with {@code equals} under the
 * graph lock as well, like a signal's {@link Equality}.
 */
final class CollectionCore {
  final Kernel kernel;
  /** The leaf lock guarding the backing structure; see the class comment. */
  final ReentrantLock lock = new ReentrantLock();
  /** What the collection is, for messages ("reactive map"). */
  final String kind;

  CollectionCore(Kernel kernel, String kind) {
    this.kernel = kernel;
    this.kind = kind;
  }

  /**
   * Runs {@code read} under the leaf lock, after tracking {@code node} if the current thread is inside
   * a tracked computation of the graph.
   */
  <R> R read(VersionNode node, Supplier<R> read) {
    Kernel k = kernel;
    if (k.heldByCurrentThread()) {
      node.trackRead();
      return locked(read);
    }
    if (k.currentFrame() != null) {
      k.lock.lock();
      try {
        node.trackRead();
        return locked(read);
      } finally {
        k.lock.unlock();
      }
    }
    return locked(read);
  }

  /**
   * Like {@link #read(VersionNode, Supplier)} for the node of {@code key} in {@code nodes}, which is
   * created only if the read is tracked.
   */
  <R> R read(KeyNodes nodes, Object key, Supplier<R> read) {
    Kernel k = kernel;
    if (k.heldByCurrentThread()) {
      if (k.activeSub != null) {
        nodes.node(key).trackRead();
      }
      return locked(read);
    }
    if (k.currentFrame() != null) {
      k.lock.lock();
      try {
        nodes.node(key).trackRead();
        return locked(read);
      } finally {
        k.lock.unlock();
      }
    }
    return locked(read);
  }

  /** Runs {@code work} under the leaf lock only. */
  <R> R locked(Supplier<R> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} under the leaf lock only. */
  void lockedRun(Runnable work) {
    lock.lock();
    try {
      work.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs the write {@code op} under the graph lock, untracked, as one batch: effects flush once, when
   * it ends (or when the caller's outermost batch ends).
   *
   * @param target the node named in the error if the write happens inside a derived function
   * @throws IllegalStateException inside a derived function, or inside a computation of another graph
   * @throws RuntimeException what {@code op} threw, else the first error an effect threw
   */
  <R> R write(VersionNode target, Supplier<R> op) {
    Kernel k = kernel;
    if (!k.enter()) {
      throw new IllegalStateException("cannot write a " + kind + " of graph '" + k.name
          + "' inside a computation of another graph (that would take this graph's lock under the"
          + " other's): write it outside, e.g. from an effect of graph '" + k.name
          + "', or keep both in one graph");
    }
    R result;
    Consumer prev = k.activeSub;
    k.batchDepth++;
    try {
      k.checkWritable(target);
      k.activeSub = null;
      result = op.get();
    } catch (Throwable t) {
      k.activeSub = prev;
      k.batchDepth--;
      try {
        k.exit();
      } catch (Throwable flushError) {
        Failure.rethrowIfFatal(flushError);
        t.addSuppressed(flushError);
      }
      throw t;
    }
    k.activeSub = prev;
    k.batchDepth--;
    k.exit();
    return result;
  }
}
