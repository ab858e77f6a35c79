package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * The tracking half of the graph kernel: which consumer is running, the links each run confirms or
 * creates in read order, and the subscriber lists that watched consumers sit in. Split from {@link
 * Kernel} by concern only; every graph has exactly one {@code Kernel}, and these methods are called
 * on it.
 *
 * <p>Threads: every field is read and written only by the thread holding the graph's lock.
 */
abstract class KernelTracking {
  /** The consumer whose run is being tracked on the lock holder's thread; null outside a run. */
  @Nullable Consumer activeSub;

  /**
   * The thread holding the graph's lock, or null: kept by {@link GraphLock}, which explains why a
   * plain field is safe to read from any thread. Read by {@link Kernel#heldByCurrentThread()}.
   */
  @Nullable Thread owner;

  /** How many links a run already confirmed {@link #track} searches for a repeated read. */
  static final int DEDUP_SCAN = 8;

  /** Records that the running consumer {@code sub} read {@code dep}, reusing links in read order. */
  void track(Node dep, Consumer sub) {
    // A consumer disposed during its own run has no links left (dropDeps cleared both ends), so the
    // reuse paths below cannot match; only creating a link needs the DISPOSED test.
    Link tail = sub.depsTail;
    if (tail != null && tail.dep == dep) {
      tail.version = dep.version;
      return;
    }
    Link next = tail == null ? sub.deps : tail.nextDep;
    if (next != null && next.dep == dep) {
      next.version = dep.version;
      sub.depsTail = next;
      return;
    }
    if (tail != null) {
      // A dependency read again after other reads (a loop alternating between sources) is found
      // among the links this run already confirmed, instead of getting one more link (allocated,
      // subscribed, and dropped by the next run) per read. Bounded, so a consumer with many
      // dependencies pays at most DEDUP_SCAN steps on a miss. The link keeps the version of the
      // first read: if dep changed in between, the check still sees the run read a stale value,
      // exactly as with one link per read.
      Link l = sub.deps;
      for (int n = 0; l != tail && n < DEDUP_SCAN; n++) {
        if (l.dep == dep) {
          return;
        }
        l = l.nextDep;
      }
    }
    if ((sub.flags & Node.DISPOSED) != 0) {
      return;
    }
    Link link = new Link(dep, sub, dep.version, next);
    if (tail == null) {
      sub.deps = link;
    } else {
      tail.nextDep = link;
    }
    sub.depsTail = link;
    if ((sub.flags & Node.WATCHED) != 0) {
      subscribe(link);
    }
  }

  /** Starts a tracked run of {@code sub}: its links are re-confirmed as it reads. */
  static void startTracking(Consumer sub) {
    sub.depsTail = null;
  }

  /** Ends a tracked run: the links the run did not confirm are dropped. */
  void endTracking(Consumer sub) {
    Link tail = sub.depsTail;
    Link stale;
    if (tail == null) {
      stale = sub.deps;
      sub.deps = null;
    } else {
      stale = tail.nextDep;
      tail.nextDep = null;
    }
    if ((sub.flags & Node.WATCHED) != 0) {
      for (Link l = stale; l != null; l = l.nextDep) {
        unsubscribe(l);
      }
    }
  }

  /** Drops every dependency of {@code sub} (dispose). */
  void dropDeps(Consumer sub) {
    Link l = sub.deps;
    sub.deps = null;
    sub.depsTail = null;
    if ((sub.flags & Node.WATCHED) != 0) {
      for (; l != null; l = l.nextDep) {
        unsubscribe(l);
      }
    }
  }

  /** Adds {@code link} to its producer's subscriber list; the first subscriber watches the producer. */
  void subscribe(Link link) {
    addSub(link);
    drainWatchChanges();
  }

  /** Removes {@code link} from its producer's subscriber list; the last one unwatches the producer. */
  void unsubscribe(Link link) {
    removeSub(link);
    drainWatchChanges();
  }

  private void addSub(Link link) {
    Node dep = link.dep;
    Link tail = dep.subsTail;
    link.prevSub = tail;
    link.nextSub = null;
    dep.subsTail = link;
    if (tail == null) {
      dep.subs = link;
      dep.onWatched();
    } else {
      tail.nextSub = link;
    }
  }

  private void removeSub(Link link) {
    Node dep = link.dep;
    Link prev = link.prevSub;
    Link next = link.nextSub;
    if (prev != null) {
      prev.nextSub = next;
    } else {
      dep.subs = next;
    }
    if (next != null) {
      next.prevSub = prev;
    } else {
      dep.subsTail = prev;
    }
    link.prevSub = null;
    link.nextSub = null;
    if (dep instanceof Consumer c && (c.flags & Node.COMPUTING) == 0) {
      Link back = c.deps; // see Link.checkReturn: retain nothing of a subscriber that left
      if (back != null && back.checkReturn == link) {
        back.checkReturn = null;
      }
    }
    if (dep.subs == null) {
      dep.onUnwatched();
    }
  }

  // A derived that becomes watched subscribes to its own dependencies, which may in turn become
  // watched, and so on up a chain; likewise for unwatching. Queued here and drained iteratively by
  // the outermost subscribe/unsubscribe, so a 100k-long chain needs no 100k-deep stack.
  private Consumer[] watchWork = new Consumer[16];
  private int watchSp;
  private boolean drainingWatch;

  /** Queues a consumer whose WATCHED flag just changed, to (un)subscribe its dependencies. */
  void watchChanged(Consumer c) {
    if (watchSp == watchWork.length) {
      watchWork = java.util.Arrays.copyOf(watchWork, watchSp * 2);
    }
    watchWork[watchSp++] = c;
  }

  private void drainWatchChanges() {
    if (drainingWatch) {
      return;
    }
    drainingWatch = true;
    try {
      while (watchSp > 0) {
        Consumer c = watchWork[--watchSp];
        watchWork[watchSp] = null;
        boolean watch = (c.flags & Node.WATCHED) != 0;
        for (Link l = c.deps; l != null; l = l.nextDep) {
          if (watch) {
            addSub(l);
          } else {
            removeSub(l);
          }
        }
      }
    } finally {
      drainingWatch = false;
    }
  }
}
