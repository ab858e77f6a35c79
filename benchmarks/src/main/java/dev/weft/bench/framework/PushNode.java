package dev.weft.bench.framework;

/**
 * A node of a push-based library (RxJava, Reactor, Sodium): its reads go through the library's
 * {@link PushReads} so a computation sees the values its library delivered to it.
 *
 * @param <T> the value type
 */
abstract class PushNode<T> implements Computed<T> {

  private final PushReads reads;

  PushNode(PushReads reads) {
    this.reads = reads;
  }

  /**
   * Returns the value the library holds for this node now (outside any computation).
   *
   * @return the current value
   */
  abstract T current();

  @Override
  @SuppressWarnings("unchecked")
  public final T read() {
    return (T) reads.read(this);
  }
}
