package dev.weft;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A writable value. {@link #value} is volatile so that untracked reads from any thread need no lock;
 * writes happen under the graph lock, so a computation (which runs under that lock) never sees a
 * value change in the middle of its run.
 */
class SignalNode<T> extends Node implements Signal<T> {
  /** T, or a {@link Failure} for producers whose source failed. Written under the lock. */
  volatile Object value;
  final Equality<Object> equality;

  private static final java.lang.invoke.VarHandle VALUE;

  static {
    try {
      VALUE = java.lang.invoke.MethodHandles.lookup().findVarHandle(SignalNode.class, "value", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unchecked")
  SignalNode(Kernel kernel, T initial, Equality<? super T> equality) {
    super(kernel);
    this.value = Objects.requireNonNull(initial, "initial");
    this.equality = (Equality<Object>) Objects.requireNonNull(equality, "equality");
  }

  @Override
  public T get() {
    Kernel k = kernel;
    if (k.heldByCurrentThread()) {
      Consumer sub = k.activeSub;
      if (sub != null) {
        k.track(this, sub);
      }
      return Failure.unwrap(value);
    }
    AsyncFrame frame = k.currentFrame();
    if (frame != null) {
      k.lock.lock();
      try {
        frame.track(this);
        return Failure.unwrap(value);
      } finally {
        k.lock.unlock();
      }
    }
    return Failure.unwrap(value);
  }

  @Override
  public T peek() {
    return Failure.unwrap(value);
  }

  @Override
  public boolean set(T value) {
    return write(Objects.requireNonNull(value, "value"));
  }

  /** Stores a value or a {@link Failure}; false when equal to the current value. */
  boolean write(Object next) {
    Kernel k = kernel;
    if (k.heldByCurrentThread()) {
      // Inside a batch or an effect of this graph: re-entering would only flush at the outermost
      // exit, which is not this one; skipping the reentrant lock/unlock saves two fenced stores.
      k.checkWritable(this);
      return commit(next);
    }
    if (!k.enter()) {
      boolean changed = !same(value, next);
      Kernel.defer(() -> write(next));
      return changed;
    }
    try {
      k.checkWritable(this);
      return commit(next);
    } finally {
      k.exit();
    }
  }

  /** Under the lock: stores {@code next} unless equal, and propagates. */
  final boolean commit(Object next) {
    if (same(value, next)) {
      return false;
    }
    // Release, not volatile: lock-free readers (volatile reads) still see the value safely
    // published; the StoreLoad fence of a volatile store buys nothing under the lock.
    VALUE.setRelease(this, next);
    version++;
    kernel.propagate(this, DIRTY);
    return true;
  }

  final boolean same(Object current, Object next) {
    if (current instanceof Failure || next instanceof Failure) {
      return current == next;
    }
    return equality.equal(current, next);
  }

  @Override
  public boolean update(UnaryOperator<T> fn) {
    Objects.requireNonNull(fn, "fn");
    Kernel k = kernel;
    if (!k.enter()) {
      Kernel.defer(() -> update(fn));
      return true;
    }
    try {
      k.checkWritable(this);
      Consumer prev = k.activeSub;
      k.activeSub = null;
      T next;
      try {
        next = fn.apply(Failure.unwrap(value));
      } finally {
        k.activeSub = prev;
      }
      return commit(Objects.requireNonNull(next, () -> "update function of " + describe() + " returned null"));
    } finally {
      k.exit();
    }
  }

  @Override
  public ReadableSignal<T> readOnly() {
    return new ReadOnlySignal<>(this);
  }

  @Override
  public Subscription subscribe(java.util.function.Consumer<? super T> consumer) {
    return EffectNode.subscribe(kernel, this, consumer);
  }

  @Override
  String describe() {
    return "signal(" + value.getClass().getSimpleName() + ")";
  }

  @Override
  public String toString() {
    return "Signal[" + value + "]";
  }
}
