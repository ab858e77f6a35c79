package dev.weft;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A side effect whose body may block, run through a {@link TaskFactory}; every read in the body is
 * tracked, and a change reruns it. Never two runs of one effect at once. Failures go to the graph's
 * {@link ErrorHandler}; the effect stays alive and reruns on the next change.
 */
public interface AsyncEffect extends Disposable {

  /**
   * Starts a run now (superseding one in flight according to {@link Supersede}) and returns a future
   * that completes when that run ends: normally, exceptionally with the body's failure, or cancelled
   * if the run was superseded or the effect disposed.
   *
   * @throws IllegalStateException if this effect is disposed
   */
  CompletableFuture<Void> run();

  /** The body: blocking code, run on the factory's thread. */
  @FunctionalInterface
  interface Body {
    /** Runs the effect once. */
    void run() throws Exception;
  }

  /** What happens when a source changes while a run is in flight. */
  enum Supersede {
    /**
     * Interrupt the stale run (with factories that own their threads) and start a fresh one once it
     * has ended. The stale run's further tracked reads throw {@link
     * java.util.concurrent.CancellationException}, so it never combines values from before and after
     * one write or batch.
     */
    CANCEL,
    /**
     * Let the run finish, then rerun once with the latest values (changes meanwhile coalesce). The
     * running body keeps reading current values, which may be newer than its earlier reads; the
     * rerun that follows sees one consistent state.
     */
    QUEUE
  }

  /** Options for creating an async effect. Immutable: each wither returns a copy. */
  final class Options {
    private static final Options DEFAULTS = new Options(null, true, Supersede.CANCEL, null);

    private final @Nullable TaskFactory taskFactory;
    private final boolean callImmediately;
    private final Supersede supersede;
    private final @Nullable String name;

    private Options(@Nullable TaskFactory taskFactory, boolean callImmediately, Supersede supersede,
        @Nullable String name) {
      this.taskFactory = taskFactory;
      this.callImmediately = callImmediately;
      this.supersede = supersede;
      this.name = name;
    }

    /** The graph's factory, runs immediately, {@link Supersede#CANCEL}, unnamed. */
    public static Options defaults() {
      return DEFAULTS;
    }

    /** Runs go through {@code f} instead of the graph's factory. */
    public Options taskFactory(TaskFactory f) {
      return new Options(Objects.requireNonNull(f, "taskFactory"), callImmediately, supersede, name);
    }

    /** Whether the first run starts at creation (default) or waits for {@link AsyncEffect#run()}. */
    public Options callImmediately(boolean b) {
      return new Options(taskFactory, b, supersede, name);
    }

    /** What a change does to a run in flight. */
    public Options supersede(Supersede s) {
      return new Options(taskFactory, callImmediately, Objects.requireNonNull(s, "supersede"), name);
    }

    /** Names the effect in errors and thread names. */
    public Options name(String n) {
      return new Options(taskFactory, callImmediately, supersede, Objects.requireNonNull(n, "name"));
    }

    /** Returns the task factory, if one was given. */
    public Optional<TaskFactory> taskFactory() {
      return Optional.ofNullable(taskFactory);
    }

    /** Returns whether the first run starts at creation. */
    public boolean callImmediately() {
      return callImmediately;
    }

    /** Returns the supersede policy. */
    public Supersede supersede() {
      return supersede;
    }

    /** Returns the name, if one was given. */
    public Optional<String> name() {
      return Optional.ofNullable(name);
    }
  }
}
