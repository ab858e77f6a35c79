package dev.weft;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A synchronous side effect: runs its body, tracks what it read, and reruns after any of that changes,
 * at most once per flush, on the thread whose write caused the flush.
 */
public interface Effect extends Disposable {

  /**
   * Runs the body now (tracked), first running the cleanups registered by the previous run. Useful for
   * an effect created with {@link Options#callImmediately(boolean) callImmediately(false)}.
   *
   * @throws IllegalStateException if this effect is disposed
   * @throws RuntimeException what the body threw
   */
  void run();

  /** Options for creating an effect. Immutable: each wither returns a copy. */
  final class Options {
    private static final Options DEFAULTS = new Options(true, null);

    private final boolean callImmediately;
    private final @Nullable String name;

    private Options(boolean callImmediately, @Nullable String name) {
      this.callImmediately = callImmediately;
      this.name = name;
    }

    /** Runs immediately, unnamed. */
    public static Options defaults() {
      return DEFAULTS;
    }

    /** Whether the body runs at creation (default true) or waits for {@link Effect#run()}. */
    public Options callImmediately(boolean b) {
      return new Options(b, name);
    }

    /**
     * Names the effect in error messages and thread names.
     *
     * @throws NullPointerException if {@code n} is null
     */
    public Options name(String n) {
      return new Options(callImmediately, Objects.requireNonNull(n, "name"));
    }

    /** Returns whether the body runs at creation. */
    public boolean callImmediately() {
      return callImmediately;
    }

    /** Returns the name, if one was given. */
    public Optional<String> name() {
      return Optional.ofNullable(name);
    }
  }
}
