package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The propagation half of the graph kernel: the push phase (a change marks everything downstream
 * and queues the leaves) and the pull phase (a pending consumer checks its dependencies' versions in
 * read order, recomputing only what changed). Split from {@link Kernel} by concern only; every graph
 * has exactly one {@code Kernel}, and these methods are called on it.
 *
 * <p>Threads: {@link #globalVersion} is read lock-free by any thread; every other field is read and
 * written only by the thread holding the graph's lock.
 */
abstract class KernelPropagation extends KernelTracking {
  /**
   * Bumped (under the lock) on every change in this graph; read lock-free by fast paths. Written with
   * a release store: every write is under the lock (so writes are ordered among themselves) and the
   * lock-free readers only need to see a value at least as new as what happened-before their read,
   * which release/acquire gives without the StoreLoad fence of a volatile store on each write.
   */
  volatile long globalVersion;

  private static final VarHandle GLOBAL_VERSION;

  static {
    try {
      GLOBAL_VERSION = MethodHandles.lookup()
          .findVarHandle(KernelPropagation.class, "globalVersion", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Initial size of the explicit stacks of {@link #depsChanged} and {@link #propagate}. They are
   * allocated per call, and only when the walk branches or descends: filling an array that is still
   * young costs G1 no card-marking barrier, while filling one kept in this long-lived kernel cost a
   * fenced barrier per push (measured: the kairo scenarios ran up to twice as slow under G1 as under
   * the Parallel collector, and half of their reference stores were these pushes).
   */
  private static final int STACK_SIZE = 16;

  /**
   * Pull phase: whether any dependency of {@code root} changed since {@code root} last read it. Checks
   * in read order and stops at the first change, so a branch the next run will not read is never
   * recomputed. Iterative, in the manner of alien-signals' checkDirty: a dependency that must itself
   * be checked is descended into with an explicit stack of the links descended through (a link's
   * {@code sub} is the node to return to), and recomputed on the way back up only if one of its own
   * dependencies changed. A recomputation inside a check may check again, with a stack of its own.
   */
  boolean depsChanged(Consumer root) {
    Link[] stack = null;
    int sp = 0;
    Consumer node = root;
    Link l = root.deps;
    try {
      while (true) {
        boolean changed;
        if (l == null) { // every dependency of node is unchanged
          if (sp == 0) {
            return false;
          }
          Consumer child = node;
          child.endCheck(false);
          l = stack[--sp];
          node = l.sub;
          changed = child.version != l.version;
        } else {
          Node dep = l.dep;
          if (dep.version != l.version) {
            changed = true;
          } else {
            int state = dep.checkState();
            if (state == Node.CHECK) {
              Consumer c = (Consumer) dep;
              if (stack == null) {
                stack = new Link[STACK_SIZE];
              } else if (sp == stack.length) {
                stack = java.util.Arrays.copyOf(stack, sp * 2);
              }
              stack[sp++] = l;
              c.beginCheck();
              node = c;
              l = c.deps;
              continue;
            }
            if (state == Node.RECOMPUTE) {
              dep.refresh();
            }
            changed = dep.version != l.version;
          }
        }
        while (changed) { // a dependency of node changed: node recomputes, then its parent compares
          if (sp == 0) {
            return true;
          }
          Consumer child = node;
          child.endCheck(true);
          l = stack[--sp];
          node = l.sub;
          changed = child.version != l.version;
        }
        l = l.nextDep;
      }
    } catch (Throwable t) {
      if (node != root) {
        node.abortCheck();
      }
      while (sp > 0) {
        Consumer c = stack[--sp].sub;
        if (c != root) {
          c.abortCheck();
        }
      }
      throw t;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Push phase

  /** Rejects a write while a derived value computes. */
  void checkWritable(Node target) {
    Consumer sub = activeSub;
    if (sub != null && sub.forbidsWrites()) {
      throw new IllegalStateException("cannot write " + target.describe() + " inside "
          + sub.describe() + ": a derived function must not have side effects; write in an effect"
          + " or outside, and derive the value instead");
    }
  }

  /**
   * Marks everything downstream of {@code source}, which just changed: direct subscribers get
   * {@code direct} (DIRTY after a write, PENDING after an invalidation, which may recompute to an
   * equal value), deeper ones PENDING. Leaves (effects, async nodes) queue themselves, depth first in
   * subscription order. Iterative, in the manner of alien-signals' propagate: a chain is followed
   * without any stack, and only when a node has further subscribers is the rest of its list pushed
   * (see {@link #STACK_SIZE}), so long chains neither overflow the thread stack nor cost a store per
   * level.
   */
  void propagate(Node source, int direct) {
    // Release, not volatile: see the field.
    GLOBAL_VERSION.setRelease(this, globalVersion + 1);
    Link l = source.subs;
    if (l == null) {
      return;
    }
    Link[] stack = null;
    int sp = 0;
    int flag = direct;
    while (true) {
      Consumer c = l.sub;
      Link next = l.nextSub;
      int f = c.flags;
      if ((f & (Node.DIRTY | Node.PENDING)) == 0) {
        c.flags = f | flag;
        Link down;
        if (c.onNotify() && (down = c.subs) != null) {
          if (next != null) {
            if (stack == null) {
              stack = new Link[STACK_SIZE];
            } else if (sp == stack.length) {
              stack = java.util.Arrays.copyOf(stack, sp * 2);
            }
            stack[sp++] = next;
          }
          l = down;
          flag = Node.PENDING;
          continue;
        }
      } else if (flag == Node.DIRTY) {
        c.flags = f | Node.DIRTY;
      }
      if (next != null) {
        l = next;
      } else if (sp > 0) {
        l = stack[--sp];
        flag = l.dep == source ? direct : Node.PENDING; // source's own subscribers get direct
      } else {
        return;
      }
    }
  }
}
