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

  /** Propagation's explicit stack: derived values whose subscribers are still to be marked. */
  private Consumer[] stack = new Consumer[16];

  // Pull phase stack: parents being checked and the link each is at. Shared by nested checks (a
  // recomputation inside a check may check again); each check only pops what it pushed.
  private Consumer[] checkNodes = new Consumer[16];
  private Link[] checkLinks = new Link[16];
  private int checkSp;

  /**
   * Pull phase: whether any dependency of {@code root} changed since {@code root} last read it. Checks
   * in read order and stops at the first change, so a branch the next run will not read is never
   * recomputed. Iterative, in the manner of alien-signals' checkDirty: a dependency that must itself
   * be checked is descended into with an explicit stack, and recomputed on the way back up only if
   * one of its own dependencies changed.
   */
  boolean depsChanged(Consumer root) {
    final int base = checkSp;
    Consumer node = root;
    Link l = root.deps;
    try {
      while (true) {
        boolean changed;
        if (l == null) { // every dependency of node is unchanged
          if (checkSp == base) {
            return false;
          }
          Consumer child = node;
          child.endCheck(false);
          node = checkNodes[--checkSp];
          l = checkLinks[checkSp];
          checkNodes[checkSp] = null;
          checkLinks[checkSp] = null;
          changed = child.version != l.version;
        } else {
          Node dep = l.dep;
          if (dep.version != l.version) {
            changed = true;
          } else {
            int state = dep.checkState();
            if (state == Node.CHECK) {
              Consumer c = (Consumer) dep;
              if (checkSp == checkNodes.length) {
                checkNodes = java.util.Arrays.copyOf(checkNodes, checkSp * 2);
                checkLinks = java.util.Arrays.copyOf(checkLinks, checkSp * 2);
              }
              checkNodes[checkSp] = node;
              checkLinks[checkSp++] = l;
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
          if (checkSp == base) {
            return true;
          }
          Consumer child = node;
          child.endCheck(true);
          node = checkNodes[--checkSp];
          l = checkLinks[checkSp];
          checkNodes[checkSp] = null;
          checkLinks[checkSp] = null;
          changed = child.version != l.version;
        }
        l = l.nextDep;
      }
    } catch (Throwable t) {
      if (node != root) {
        node.abortCheck();
      }
      while (checkSp > base) {
        Consumer c = checkNodes[--checkSp];
        checkNodes[checkSp] = null;
        checkLinks[checkSp] = null;
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
   * equal value), deeper ones PENDING. Leaves (effects, async nodes) queue themselves. Iterative
   * (explicit stack), so long chains do not overflow the thread stack.
   */
  void propagate(Node source, int direct) {
    // Release, not volatile: see the field.
    GLOBAL_VERSION.setRelease(this, globalVersion + 1);
    int sp = 0;
    for (Link l = source.subs; l != null; l = l.nextSub) {
      sp = mark(l.sub, direct, sp);
    }
    while (sp > 0) {
      Consumer c = stack[--sp];
      stack[sp] = null;
      for (Link l = c.subs; l != null; l = l.nextSub) {
        sp = mark(l.sub, Node.PENDING, sp);
      }
    }
  }

  private int mark(Consumer c, int flag, int sp) {
    int f = c.flags;
    if ((f & (Node.DIRTY | Node.PENDING)) == 0) {
      c.flags = f | flag;
      if (c.onNotify() && c.subs != null) {
        if (sp == stack.length) {
          stack = java.util.Arrays.copyOf(stack, sp * 2);
        }
        stack[sp++] = c;
      }
    } else if (flag == Node.DIRTY) {
      c.flags = f | Node.DIRTY;
    }
    return sp;
  }
}
