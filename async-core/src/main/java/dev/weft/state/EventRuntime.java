package dev.weft.state;

import dev.weft.TaskFactory;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Dispatches named event handlers for sessions on virtual threads, through a chain of {@link
 * Middleware}s, and reports each run's result and mutations.
 *
 * <pre>{@code
 * EventRuntime runtime = EventRuntime.builder()
 *     .handler("increment", e -> { e.state().set("count", (int) e.state().get("count") + 1); return null; })
 *     .handlers(new TodoHandlers())            // its public methods become handlers
 *     .middleware((e, next) -> { log(e.event()); return next.proceed(); })
 *     .build();
 * DispatchResult r = runtime.dispatch(session, "increment").await();   // r.mutations(): {"+count": 1}
 * }</pre>
 *
 * <h2>Handlers</h2>
 *
 * Registered by name, as an {@link EventHandler}, or as the public methods of an object ({@link
 * Builder#handlers(Object)}). Names starting with {@code _} are private: never exposed, never
 * dispatched. The registry is fixed when the runtime is built.
 *
 * <h2>Runs</h2>
 *
 * Each dispatch runs on its own thread from the {@link Builder#taskFactory task factory} (default:
 * one virtual thread per run), so a handler may simply block. Runs of different sessions run
 * concurrently and never share state; runs of one session run one at a time, in dispatch order
 * (unless {@link Builder#serialPerSession(boolean) serialPerSession(false)}). A run's assignments to
 * its session are recorded as its mutations, readable while it runs ({@link Dispatch#mutations()})
 * and reported in its {@link DispatchResult}. A handler that throws yields {@code ok = false} with the
 * message; its earlier assignments stay (use a middleware for transactions).
 *
 * <h2>Threads</h2>
 *
 * Every method is safe from any thread.
 */
public interface EventRuntime extends AutoCloseable {

  /** Returns a builder. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Dispatches {@code event} with {@code args} for {@code session}, and returns at once.
   *
   * @throws NullPointerException if {@code session}, {@code event} or {@code args} is null
   * @throws IllegalArgumentException if no handler is named {@code event} (names starting with {@code
   *     _} are never exposed), or {@code session} was not created by {@link SessionState#create}
   * @throws IllegalStateException if the runtime is closed
   */
  Dispatch dispatch(SessionState session, String event, @Nullable Object... args);

  /** The names of the registered handlers. */
  Set<String> handlerNames();

  /**
   * Stops accepting dispatches, cancels queued runs, interrupts running ones and waits until they have
   * ended. Idempotent. If the calling thread is interrupted while waiting, it keeps waiting and
   * re-asserts the interrupt afterwards. Must not be called from a handler or middleware of this
   * runtime (it would wait for itself).
   */
  @Override
  void close();

  /** Configures an {@link EventRuntime}. Not thread-safe; build once. */
  final class Builder {
    private final Map<String, EventHandler> handlers = new LinkedHashMap<>();
    private final List<Middleware> middlewares = new ArrayList<>();
    private TaskFactory taskFactory = TaskFactory.virtualThreads();
    private boolean serialPerSession = true;

    Builder() {}

    /**
     * Registers {@code handler} under {@code name}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is empty, starts with {@code _} (private names
     *     are never exposed) or is already registered
     */
    public Builder handler(String name, EventHandler handler) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(handler, "handler");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a handler name must not be empty");
      }
      if (name.startsWith("_")) {
        throw new IllegalArgumentException(
            "handler name '" + name + "' starts with '_': such names are private and never exposed;"
                + " rename it");
      }
      if (handlers.putIfAbsent(name, handler) != null) {
        throw new IllegalArgumentException("a handler named '" + name + "' is already registered");
      }
      return this;
    }

    /**
     * Registers every public instance method of {@code target} (declared or inherited, except those
     * of {@link Object} and overrides of them) whose name does not start with {@code _}, under its
     * name. A method whose first parameter is a {@link SessionState} (or an {@link EventContext})
     * receives the session (or the context); its other parameters take the dispatch arguments in
     * order, which must match in number and type (boxed for primitives; a mismatch fails the dispatch
     * with {@code ok = false}). A method whose only parameter is an {@link EventContext} accepts any
     * arguments and reads them from the context. Its return value is the result.
     *
     * <p>The methods must be accessible to Weft: a public class in a package that is exported (or, for a
     * non-public class, opened) to module {@code dev.weft}, or any class on the class path. Otherwise use
     * {@link #handlers(Object, MethodHandles.Lookup)}.
     *
     * @throws NullPointerException if {@code target} is null
     * @throws IllegalArgumentException if a name is already registered or overloaded, or the methods are
     *     not accessible
     */
    public Builder handlers(Object target) {
      return addAll(ReflectiveHandler.of(Objects.requireNonNull(target, "target"), null));
    }

    /**
     * Like {@link #handlers(Object)}, accessing the methods through {@code lookup} (pass {@code
     * MethodHandles.lookup()} from the class that owns them, so they need not be public or exported).
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException as for {@link #handlers(Object)}
     */
    public Builder handlers(Object target, MethodHandles.Lookup lookup) {
      return addAll(
          ReflectiveHandler.of(
              Objects.requireNonNull(target, "target"), Objects.requireNonNull(lookup, "lookup")));
    }

    private Builder addAll(Map<String, EventHandler> found) {
      found.forEach(this::handler);
      return this;
    }

    /**
     * Adds {@code middleware} to the chain, inside the ones added before it.
     *
     * @throws NullPointerException if {@code middleware} is null
     */
    public Builder middleware(Middleware middleware) {
      middlewares.add(Objects.requireNonNull(middleware, "middleware"));
      return this;
    }

    /**
     * Where runs execute; default {@link TaskFactory#virtualThreads()}. Cancelling interrupts a run only
     * with factories that own their threads.
     *
     * @throws NullPointerException if {@code taskFactory} is null
     */
    public Builder taskFactory(TaskFactory taskFactory) {
      this.taskFactory = Objects.requireNonNull(taskFactory, "taskFactory");
      return this;
    }

    /**
     * Whether the runs of one session run one at a time in dispatch order (default true). With false,
     * they run concurrently; each still gets exactly its own mutations.
     */
    public Builder serialPerSession(boolean serial) {
      this.serialPerSession = serial;
      return this;
    }

    /** Builds the runtime. */
    public EventRuntime build() {
      return new LocalEventRuntime(
          Collections.unmodifiableMap(new LinkedHashMap<>(handlers)), List.copyOf(middlewares), taskFactory, serialPerSession);
    }
  }
}
