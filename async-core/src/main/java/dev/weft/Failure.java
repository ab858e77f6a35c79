package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A cached failure stored in place of a value (a derived function or a producer source that threw),
 * plus the error-handling helpers the kernel shares. Storing the failure in the value slot keeps
 * "value or error" a single reference, which lock-free readers can load atomically.
 */
final class Failure {
  final Throwable error;

  Failure(Throwable error) {
    this.error = error;
  }

  /** Rethrows JVM-fatal errors, which are never cached, queued or reported. */
  static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError e) {
      throw e;
    }
  }

  /** Keeps the first error and adds later ones to it as suppressed. */
  static Throwable add(@Nullable Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (first != next) {
      first.addSuppressed(next);
    }
    return first;
  }

  /** Throws any throwable unchecked (it was thrown unchecked by user code in the first place). */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** Returns {@code value}, or rethrows the failure it holds. */
  @SuppressWarnings("unchecked")
  static <T> T unwrap(Object value) {
    if (value instanceof Failure f) {
      throw sneaky(f.error);
    }
    return (T) value;
  }
}
