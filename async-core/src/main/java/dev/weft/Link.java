package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * One dependency edge: {@code sub} read {@code dep}. Each link sits in two lists at once: the
 * consumer's singly linked dependency list (in read order, so a re-run that reads the same things in
 * the same order reuses every link) and, while the consumer is watched, the producer's doubly linked
 * subscriber list (so unsubscribing is O(1)).
 *
 * <p>{@link #version} is the producer's version when the consumer last read it: the pull phase
 * compares it with {@code dep.version} instead of comparing values, which is what lets an unwatched
 * derived stay out of its sources' subscriber lists (and be garbage collected) yet still know whether
 * it is stale.
 *
 * <p>Threads: every field is read and written only under the owning graph's lock.
 */
final class Link {
  final Node dep;
  final Consumer sub;
  int version;
  @Nullable Link nextDep;
  @Nullable Link prevSub;
  @Nullable Link nextSub;
  /**
   * Set on a derived's first dependency link while the pull phase checks that derived on behalf of a
   * watched subscriber: the subscriber's link to it, the way back up (see {@link
   * KernelPropagation#depsChanged}). Kept afterwards, so that the next check along the same path
   * stores nothing; cleared when that link leaves the subscriber list, so it retains nothing the
   * graph dropped. Costs no memory: a link was 36 bytes, padded to 40.
   */
  @Nullable Link checkReturn;

  Link(Node dep, Consumer sub, int version, @Nullable Link nextDep) {
    this.dep = dep;
    this.sub = sub;
    this.version = version;
    this.nextDep = nextDep;
  }
}
