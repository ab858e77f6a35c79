package dev.weft;

/**
 * Something that holds resources in a graph (subscriptions to sources, a thread, a stop function)
 * until disposed. Disposal is idempotent and safe from any thread.
 */
public interface Disposable extends AutoCloseable {

  /** Releases this node's links and resources; later calls do nothing. */
  void dispose();

  /** Returns whether {@link #dispose()} has been called. */
  boolean isDisposed();

  /** Same as {@link #dispose()}, for try-with-resources. */
  @Override
  default void close() {
    dispose();
  }
}
