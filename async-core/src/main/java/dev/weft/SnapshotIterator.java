package dev.weft;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An iterator over an immutable snapshot of a reactive collection: it never throws {@link
 * java.util.ConcurrentModificationException} and never sees writes made after the snapshot. {@link
 * #remove()} removes the last returned element from the live collection (by key or element, whatever
 * it holds now).
 *
 * <p>Threads: confined to the thread that iterates, like any iterator; the snapshot is immutable.
 *
 * @param <S> the snapshot's element type
 * @param <T> what this iterator returns
 */
final class SnapshotIterator<S, T> implements Iterator<T> {
  private final Iterator<S> source;
  private final Function<? super S, ? extends T> view;
  private final java.util.function.Consumer<? super S> remover;
  private @Nullable S last;

  /**
   * @param view turns a snapshot element into what {@link #next()} returns
   * @param remover removes a snapshot element's key or element from the live collection
   */
  SnapshotIterator(Iterator<S> source, Function<? super S, ? extends T> view,
      java.util.function.Consumer<? super S> remover) {
    this.source = source;
    this.view = view;
    this.remover = remover;
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public T next() {
    if (!source.hasNext()) {
      throw new NoSuchElementException("the snapshot this iterator walks has no more elements");
    }
    S s = source.next();
    last = s;
    return view.apply(s);
  }

  @Override
  public void remove() {
    S s = last;
    if (s == null) {
      throw new IllegalStateException(
          "remove() must follow a call to next(), once per element");
    }
    last = null;
    remover.accept(s);
  }
}
