package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import dev.weft.state.EventRuntime;
import dev.weft.state.SessionState;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input: a null where the API does not declare {@code @Nullable} fails at the call, with a
 * {@link NullPointerException} that names the parameter, and leaves nothing behind.
 *
 * <p>{@link EveryPublicMethod} sweeps the public API by reflection (so methods added later are covered
 * too): every non-{@code @Nullable} reference parameter of every public method of the types below gets
 * a null while the others get valid values. Parameter names are not in the class files (no {@code
 * -parameters}), so the sweep checks for an NPE with a message; {@link NamedParameters} checks the
 * names of the core API explicitly.
 */
class BadInputTest {
  final Graph g = Graph.builder().name("bad-input").build();

  @AfterEach
  void close() {
    g.close();
  }

  @Nested
  class EveryPublicMethod {
    /** Fresh receivers per call: some methods (dispose, close) change them. */
    private Map<Class<?>, Supplier<Object>> receivers() {
      Map<Class<?>, Supplier<Object>> m = new LinkedHashMap<>();
      m.put(Graph.class, () -> Graph.create());
      m.put(Graph.Builder.class, Graph::builder);
      m.put(Signal.class, () -> g.signal(1));
      m.put(ReadableSignal.class, () -> g.signal(1).readOnly());
      m.put(Derived.class, () -> g.derived(() -> 1));
      m.put(Effect.class, () -> g.effect(() -> {}));
      m.put(Effect.Options.class, Effect.Options::defaults);
      m.put(Subscription.class, () -> g.signal(1).subscribe(v -> {}));
      m.put(ReactiveBus.class, ReactiveBus::create);
      m.put(ReactiveBus.Builder.class, ReactiveBus::builder);
      m.put(BusSubscription.class, () -> ReactiveBus.create().subscribe("scope"));
      m.put(SessionState.class, SessionState::create);
      m.put(EventRuntime.Builder.class, EventRuntime::builder);
      m.put(AsyncDerived.class, () -> g.asyncDerived(() -> 1, AsyncDerived.Options.defaults().taskFactory(TaskFactory.inline())));
      m.put(AsyncDerived.Options.class, AsyncDerived.Options::defaults);
      m.put(AsyncEffect.class, () -> g.asyncEffect(() -> {}, AsyncEffect.Options.defaults().taskFactory(TaskFactory.inline())));
      m.put(AsyncEffect.Options.class, AsyncEffect.Options::defaults);
      m.put(Producer.class, () -> g.producer(1, sink -> null));
      m.put(Producer.Options.class, Producer.Options::defaults);
      m.put(ReactiveMap.class, g::reactiveMap);
      m.put(ReactiveList.class, g::reactiveList);
      m.put(ReactiveSet.class, g::reactiveSet);
      m.put(ReactiveConfig.class, () -> ReactiveConfig.create(g, Map.of("a", 1)));
      m.put(StructuredTaskFactory.class, () -> {
        StructuredTaskFactory f = TaskFactory.structured();
        factories.add(f);
        return f;
      });
      return m;
    }

    /** Types whose static methods are swept. */
    private final List<Class<?>> statics = List.of(Weft.class, Graph.class, Equality.class, TaskFactory.class,
        Effect.Options.class, ReactiveBus.class, SessionState.class, EventRuntime.class, ReactiveConfig.class,
        AsyncDerived.Options.class, AsyncEffect.Options.class, Producer.Options.class);

    private final List<StructuredTaskFactory> factories = new ArrayList<>();

    @AfterEach
    void closeFactories() {
      factories.forEach(StructuredTaskFactory::close);
    }

    private @Nullable Object valid(Class<?> type) {
      if (type == Object.class || type == Integer.class) {
        return 1;
      }
      Map<Class<?>, Object> v = new LinkedHashMap<>();
      v.put(String.class, "key");
      v.put(Supplier.class, (Supplier<Object>) () -> 1);
      v.put(Runnable.class, (Runnable) () -> {});
      v.put(Callable.class, (Callable<Object>) () -> 1);
      v.put(UnaryOperator.class, (UnaryOperator<Object>) x -> x);
      v.put(Function.class, (Function<Object, Object>) x -> x);
      v.put(java.util.function.Consumer.class, (java.util.function.Consumer<Object>) x -> {});
      v.put(BiConsumer.class, (BiConsumer<Object, Object>) (a, b) -> {});
      v.put(Equality.class, Equality.equals());
      v.put(Effect.Options.class, Effect.Options.defaults());
      v.put(ErrorHandler.class, (ErrorHandler) e -> {});
      v.put(TaskFactory.class, TaskFactory.inline());
      v.put(Executor.class, (Executor) Runnable::run);
      v.put(Duration.class, Duration.ofMillis(1));
      v.put(ChangeEvent.class, new ChangeEvent("scope", Set.of("a"), null, null));
      v.put(ConnectionInfo.class, new ConnectionInfo("session", "user", Instant.EPOCH));
      v.put(Map.class, Map.of());
      v.put(List.class, List.of("a"));
      v.put(Set.class, Set.of());
      v.put(MethodHandles.Lookup.class, MethodHandles.lookup());
      v.put(dev.weft.state.MutationHandler.class, (dev.weft.state.MutationHandler) e -> {});
      v.put(dev.weft.state.EventHandler.class, (dev.weft.state.EventHandler) ctx -> null);
      v.put(dev.weft.state.Middleware.class, (dev.weft.state.Middleware) (ctx, next) -> next.proceed());
      v.put(SessionState.class, SessionState.create());
      v.put(String[].class, new String[] {"a"});
      v.put(Object[].class, new Object[0]);
      v.put(dev.weft.bus.SubscribeOption[].class, new dev.weft.bus.SubscribeOption[0]);
      v.put(AsyncEffect.Body.class, (AsyncEffect.Body) () -> {});
      v.put(Producer.Start.class, (Producer.Start<Object>) sink -> null);
      v.put(AsyncDerived.Options.class, AsyncDerived.Options.defaults());
      v.put(AsyncEffect.Options.class, AsyncEffect.Options.defaults());
      v.put(AsyncEffect.Supersede.class, AsyncEffect.Supersede.CANCEL);
      v.put(Producer.Options.class, Producer.Options.defaults());
      v.put(Graph.class, g);
      return v.get(type);
    }

    private static boolean nullable(Parameter p) {
      return p.getAnnotatedType().isAnnotationPresent(Nullable.class) || p.isAnnotationPresent(Nullable.class);
    }

    @Test
    void everyNonNullableParameterRejectsNullAtTheCallWithAMessage() {
      List<String> violations = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      int checked = 0;
      Map<Class<?>, Supplier<Object>> receivers = receivers();
      List<Method> methods = new ArrayList<>();
      for (Class<?> type : receivers.keySet()) {
        for (Method m : type.getMethods()) {
          if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass().getPackageName().startsWith("dev.weft")) {
            methods.add(m);
          }
        }
      }
      for (Class<?> type : statics) {
        for (Method m : type.getDeclaredMethods()) {
          if (Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers())) {
            methods.add(m);
          }
        }
      }
      for (Method m : methods) {
        Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
          if (params[i].getType().isPrimitive() || nullable(params[i])) {
            continue;
          }
          Object[] args = new Object[params.length];
          boolean complete = true;
          for (int j = 0; j < params.length; j++) {
            if (j == i) {
              continue;
            }
            Class<?> t = params[j].getType();
            args[j] = t == int.class ? 1 : t == long.class ? 1L : t == boolean.class ? true : valid(t);
            complete &= args[j] != null;
          }
          String what = m.getDeclaringClass().getSimpleName() + "." + m.getName()
              + java.util.Arrays.toString(m.getParameterTypes()).replace("class ", "").replace("interface ", "")
              + " parameter " + i;
          if (!complete) {
            skipped.add(what);
            continue;
          }
          Object receiver = null;
          if (!Modifier.isStatic(m.getModifiers())) {
            Class<?> owner = receivers.keySet().stream().filter(c -> m.getDeclaringClass().isAssignableFrom(c))
                .findFirst().orElseThrow();
            receiver = receivers.get(owner).get();
          }
          checked++;
          try {
            m.invoke(receiver, args);
            violations.add(what + ": accepted null");
          } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof NullPointerException npe)) {
              violations.add(what + ": threw " + cause + " instead of NullPointerException");
            } else if (npe.getMessage() == null || npe.getMessage().isBlank()) {
              violations.add(what + ": NullPointerException without a message (an implicit dereference, not a check"
                  + " at the call) at " + npe.getStackTrace()[0]);
            }
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }
      }
      assertEquals(List.of(), violations, "checked " + checked + " parameters; skipped " + skipped);
      assertTrue(checked > 100, "the sweep checked only " + checked + " parameters");
    }
  }

  @Nested
  class NamedParameters {
    private void assertNpeNaming(String parameter, Executable call) {
      NullPointerException e = assertThrows(NullPointerException.class, call);
      assertTrue(e.getMessage() != null && e.getMessage().contains(parameter),
          "the message names '" + parameter + "': " + e.getMessage());
    }

    @Test
    void graphFactoriesNameTheirParameters() {
      assertNpeNaming("initial", () -> g.signal(null));
      assertNpeNaming("equality", () -> g.signal(1, null));
      assertNpeNaming("fn", () -> g.derived(null));
      assertNpeNaming("equality", () -> g.derived(() -> 1, null));
      assertNpeNaming("name", () -> g.derived((String) null, () -> 1));
      assertNpeNaming("fn", () -> g.memoized(null));
      assertNpeNaming("body", () -> g.effect(null));
      assertNpeNaming("options", () -> g.effect(() -> {}, null));
      assertNpeNaming("work", () -> g.batch((Runnable) null));
      assertNpeNaming("work", () -> g.batch((Supplier<Object>) null));
      assertNpeNaming("read", () -> g.untracked(null));
      assertNpeNaming("cleanup", () -> g.onCleanup(null));
      assertNpeNaming("name", () -> Graph.builder().name(null));
      assertNpeNaming("taskFactory", () -> Graph.builder().taskFactory(null));
      assertNpeNaming("errorHandler", () -> Graph.builder().errorHandler(null));
      assertNpeNaming("name", () -> Effect.Options.defaults().name(null));
    }

    @Test
    void weftFacadeNamesItsParameters() {
      assertNpeNaming("initial", () -> Weft.signal(null));
      assertNpeNaming("fn", () -> Weft.derived(null));
      assertNpeNaming("body", () -> Weft.effect(null));
      assertNpeNaming("work", () -> Weft.batch((Runnable) null));
      assertNpeNaming("read", () -> Weft.untracked(null));
      assertNpeNaming("cleanup", () -> Weft.onCleanup(null));
    }

    @Test
    void nodeMethodsNameTheirParameters() {
      Signal<Integer> s = g.signal(1);
      assertNpeNaming("value", () -> s.set(null));
      assertNpeNaming("fn", () -> s.update(null));
      assertNpeNaming("consumer", () -> s.subscribe(null));
      assertNpeNaming("consumer", () -> s.readOnly().subscribe(null));
      assertNpeNaming("consumer", () -> g.derived(() -> 1).subscribe(null));
      assertEquals(1, s.get());
    }

    @Test
    void everyTaskFactoryRejectsANullWorkAtTheCall() {
      try (StructuredTaskFactory structured = TaskFactory.structured()) {
        List<TaskFactory> factories = List.of(TaskFactory.inline(), TaskFactory.virtualThreads(),
            TaskFactory.of(Runnable::run), structured);
        List<String> violations = new ArrayList<>();
        List<String> names = List.of("inline()", "virtualThreads()", "of(executor)", "structured()");
        for (int i = 0; i < factories.size(); i++) {
          // otherwise the NPE happens later, on the run's thread, where nobody sees it
          try {
            factories.get(i).start(null);
            violations.add(names.get(i) + " accepted null");
          } catch (NullPointerException e) {
            if (e.getMessage() == null || !e.getMessage().contains("work")) {
              violations.add(names.get(i) + " threw an NPE not naming 'work': " + e.getMessage());
            }
          }
        }
        assertEquals(List.of(), violations);
      }
    }

    @Test
    void anUpdateFunctionReturningNullFailsAtTheCallNamingTheSignalAndChangesNothing() {
      Signal<Integer> s = g.signal(1);
      java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
      g.effect(() -> {
        s.get();
        runs.incrementAndGet();
      });
      NullPointerException e = assertThrows(NullPointerException.class, () -> s.update(v -> null));
      assertTrue(e.getMessage().contains("update function of signal"), e.getMessage());
      assertEquals(1, s.get());
      assertEquals(1, runs.get());
    }

    @Test
    void rejectedNullsLeaveNoEffectBehind() {
      Signal<Integer> s = g.signal(1);
      assertThrows(NullPointerException.class, () -> g.effect(() -> s.get(), null));
      assertThrows(NullPointerException.class, () -> s.subscribe(null));
      java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
      g.effect(() -> {
        s.get();
        runs.incrementAndGet();
      });
      s.set(2);
      assertEquals(2, runs.get(), "only the one valid effect exists and runs");
    }

    @Test
    void aDerivedReturningNullIsACachedFailureNamingTheNode() {
      Derived<Integer> d = g.derived("nothing", () -> null);
      NullPointerException e = assertThrows(NullPointerException.class, d::get);
      assertTrue(e.getMessage().contains("derived 'nothing'"), e.getMessage());
    }
  }
}
