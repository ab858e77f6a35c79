package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

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
   * Initial size of the explicit stacks of {@link #depsChanged} (for unwatched subscribers only) and
   * {@link #propagate} (only where a walk branches). They are allocated per call: filling an array
   * that is still young costs G1 no card-marking barrier, while filling one kept in this long-lived
   * kernel cost a fenced barrier per push (JDK 25). Chains need no stack at all: propagate follows
   * single subscribers, and a check returns through {@link Link#checkReturn}.
   */
  private static final int STACK_SIZE = 16;

  /**
   * Pull phase: whether any dependency of {@code root} changed since {@code root} last read it. Checks
   * in read order and stops at the first change, so a branch the next run will not read is never
   * recomputed. Iterative, in the manner of alien-signals' checkDirty: a dependency that must itself
   * be checked is descended into, and recomputed on the way back up only if one of its own
   * dependencies changed. A recomputation inside a check may check again, with a stack of its own.
   *
   * <p>The way back up from a derived is the link its subscriber reads it through (whose {@code sub}
   * is the node to return to). For a watched subscriber it is kept on the derived's first dependency
   * link ({@link Link#checkReturn}), like alien-signals, which finds it in the subscriber list: a
   * steady graph walks the same paths again, so that costs neither a store nor an allocation. Else
   * (an unwatched derived read from outside) it goes on an explicit stack, see {@link #STACK_SIZE}.
   */
  boolean depsChanged(Consumer root) {
    // The stack, sp entries: the bottom link in a local (a check one level deep allocates nothing),
    // the rest in a young array (see STACK_SIZE). depth counts every level below root.
    Link first = null;
    Link[] stack = null;
    int sp = 0;
    int depth = 0;
    Consumer node = root;
    Link l = root.deps;
    try {
      while (true) {
        // Whether node must recompute before its parent compares: false when every dependency of
        // node is unchanged (l == null), true when one changed.
        boolean recompute;
        if (l == null) {
          recompute = false;
        } else {
          Node dep = l.dep;
          boolean changed;
          if (dep.version != l.version) {
            changed = true;
          } else {
            int state = dep.checkState();
            if (state == Node.CHECK) {
              Consumer c = (Consumer) dep;
              Link back = c.deps;
              int mark = 0;
              if (back != null && (node.flags & Node.WATCHED) != 0) {
                if (back.checkReturn != l) { // unchanged: no store, and no GC barrier
                  back.checkReturn = l;
                }
                mark = Node.RETURN_LINKED;
              } else {
                if (sp == 0) {
                  first = l;
                } else {
                  stack = pushAbove(stack, sp, l);
                }
                sp++;
              }
              depth++;
              c.beginCheck(mark);
              node = c;
              l = c.deps;
              continue;
            }
            if (state == Node.RECOMPUTE) {
              dep.refresh(state);
            }
            changed = dep.version != l.version;
          }
          if (!changed) {
            l = l.nextDep;
            continue;
          }
          recompute = true;
        }
        // Back up: node ends its check (recomputing if asked) and its parent compares versions; a
        // changed version makes the parent recompute in turn.
        while (true) {
          if (depth == 0) {
            return recompute;
          }
          Consumer child = node;
          // The way back is read before endCheck: a recomputation may change child's links.
          Link back = linkedWayBack(child);
          l = back != null ? back : --sp == 0 ? first : stack[sp - 1];
          depth--;
          node = l.sub;
          child.endCheck(recompute);
          if (child.version == l.version) {
            break;
          }
          recompute = true;
        }
        l = l.nextDep;
      }
    } catch (Throwable t) {
      // node and every level between it and root are still in check: abort them, walking back up.
      // (A child whose endCheck threw was aborted by endCheck itself; node is its parent by then.)
      while (depth > 0) {
        Consumer child = node;
        Link back = linkedWayBack(child);
        l = back != null ? back : --sp == 0 ? first : stack[sp - 1];
        depth--;
        node = l.sub;
        child.abortCheck();
      }
      throw t;
    }
  }

  /**
   * The way back up from {@code child} if the check kept it on the child ({@link
   * Node#RETURN_LINKED}), else null: the way back is on the check's stack. Leaves the mark: the
   * child's endCheck/abortCheck clears it with the check's other marks, in one store.
   */
  private static @Nullable Link linkedWayBack(Consumer child) {
    return (child.flags & Node.RETURN_LINKED) == 0 ? null : child.deps.checkReturn;
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
    // Writes after the first in a batch find every direct subscriber marked already: then there is
    // nothing to walk. Kept small so that it inlines into the write; the walk starts at the first
    // subscriber that still needs its mark (those before it are marked, and so is what they reach).
    for (Link l = source.subs; l != null; l = l.nextSub) {
      int f = l.sub.flags;
      if ((f & (Node.DIRTY | Node.PENDING)) == 0 || (direct == Node.DIRTY && (f & Node.DIRTY) == 0)) {
        walk(source, l, direct);
        return;
      }
    }
  }

  /** The walk of {@link #propagate}, from {@code l}, a subscriber link of {@code source}, on. */
  private void walk(Node source, Link l, int direct) {
    // The stack of list rests, sp entries: the bottom one in a local (a fan-out whose branches are
    // chains, the common case, allocates nothing), the rest in a young array (see STACK_SIZE).
    Link first = null;
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
            if (sp == 0) {
              first = next;
            } else {
              stack = pushAbove(stack, sp, next);
            }
            sp++;
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
        l = --sp == 0 ? first : stack[sp - 1];
        flag = l.dep == source ? direct : Node.PENDING; // source's own subscribers get direct
      } else {
        return;
      }
    }
  }

  /**
   * The array part of a walk stack whose bottom entry lives in a local of the walk: stores {@code l}
   * as the entry above the {@code sp} there are (so at {@code stack[sp - 1]}), allocating or doubling
   * the array as needed; pop with {@code --sp == 0 ? first : stack[sp - 1]}. Not {@code
   * Arrays.copyOf} to double: for a {@code Link[]} that takes the array's class at run time, and
   * when the JIT cannot prove it constant it creates the copy reflectively, which showed as the top
   * frame of a deep-chain profile.
   */
  private static Link[] pushAbove(Link @Nullable [] stack, int sp, Link l) {
    if (stack == null) {
      stack = new Link[STACK_SIZE];
    } else if (sp > stack.length) {
      Link[] bigger = new Link[stack.length * 2];
      System.arraycopy(stack, 0, bigger, 0, stack.length);
      stack = bigger;
    }
    stack[sp - 1] = l;
    return stack;
  }
}
