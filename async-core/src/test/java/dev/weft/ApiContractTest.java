package dev.weft;

import static dev.weft.Weft.asyncDerived;
import static dev.weft.Weft.asyncEffect;
import static dev.weft.Weft.batch;
import static dev.weft.Weft.derived;
import static dev.weft.Weft.effect;
import static dev.weft.Weft.memoized;
import static dev.weft.Weft.onCleanup;
import static dev.weft.Weft.producer;
import static dev.weft.Weft.reactiveList;
import static dev.weft.Weft.reactiveMap;
import static dev.weft.Weft.reactiveSet;
import static dev.weft.Weft.signal;
import static dev.weft.Weft.untracked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Uses every name of {@code ../shared/API.md} (package dev.weft) exactly as the contract spells it, so
 * that a rename or signature change fails the build, and checks each does what its comment says.
 */
class ApiContractTest {

  @Test
  void staticFacadeOverTheGlobalGraph() throws Exception {
    Signal<Integer> count = signal(1);
    Signal<String> name = signal("a", Equality.identity());
    Derived<Integer> doubled = derived(() -> count.get() * 2);
    Derived<Integer> always = memoized(() -> count.get() % 2);
    List<String> log = new ArrayList<>();
    Effect e = effect(() -> {
      log.add(doubled.get() + name.get() + always.get());
      onCleanup(() -> log.add("cleanup"));
    });
    Effect lazy = effect(() -> log.add("lazy"), Effect.Options.defaults().callImmediately(false).name("lazy"));
    batch(() -> count.set(2));
    int read = batch(() -> untracked(count::get));
    assertEquals(2, read);
    lazy.run();
    AsyncDerived<Integer> a = asyncDerived(() -> count.get() + 1);
    AsyncDerived<Integer> b = asyncDerived(() -> a.await() + 1,
        AsyncDerived.Options.defaults().taskFactory(TaskFactory.virtualThreads()).name("b"));
    assertEquals(4, b.await());
    AsyncEffect ae = asyncEffect(() -> a.await());
    AsyncEffect ae2 = asyncEffect(() -> {}, AsyncEffect.Options.defaults().taskFactory(TaskFactory.inline())
        .callImmediately(false).supersede(AsyncEffect.Supersede.QUEUE).name("q"));
    CompletableFuture<Void> run = ae2.run();
    run.get();
    Producer<Integer> p = producer(0, set -> null);
    ReactiveMap<String, Integer> map = reactiveMap();
    ReactiveList<String> list = reactiveList();
    ReactiveSet<String> set = reactiveSet();
    map.put("k", 1);
    list.add("x");
    set.add("y");
    assertEquals(List.of("2a1", "cleanup", "4a0", "lazy"), log);
    for (Disposable d : List.<Disposable>of(e, lazy, a, b, ae, ae2, p)) {
      d.dispose();
      assertTrue(d.isDisposed() || d == p);
    }
  }

  @Test
  void graphInstanceMethods() throws Exception {
    ErrorHandler handler = error -> {};
    try (Graph g = Graph.builder().name("contract").taskFactory(TaskFactory.inline()).errorHandler(handler).build();
        Graph other = Graph.create()) {
      Signal<Integer> s = g.signal(1);
      Signal<Integer> t = g.signal(1, Equality.never());
      ReadableSignal<Integer> ro = s.readOnly();
      Derived<Integer> d = g.derived(() -> s.get() + t.get());
      Derived<Integer> m = g.memoized(() -> s.get());
      List<Integer> seen = new ArrayList<>();
      Subscription sub = d.subscribe(seen::add);
      assertTrue(s.update(v -> v + 1));
      assertEquals(3, d.get());
      assertEquals(2, m.peek());
      d.invalidate();
      g.batch(() -> s.set(3));
      assertEquals(4, (int) g.batch(() -> d.get()));
      assertEquals(3, g.untracked(ro::get));
      Effect e = g.effect(() -> d.get(), Effect.Options.defaults());
      AsyncDerived<Integer> a = g.asyncDerived(() -> s.get() * 10, AsyncDerived.Options.defaults());
      assertEquals(30, a.await());
      assertEquals(new AsyncState.Ready<>(30), a.state());
      assertEquals(30, a.toFuture().get());
      a.invalidate();
      AsyncEffect ae = g.asyncEffect(() -> {}, AsyncEffect.Options.defaults());
      AsyncEffect ae1 = g.asyncEffect(() -> {});
      Producer<Integer> p = g.producer(0, set -> () -> {});
      assertEquals(0, p.get());
      assertTrue(p.isStarted());
      ReactiveMap<String, Integer> map = g.reactiveMap();
      ReactiveList<Integer> list = g.reactiveList();
      ReactiveSet<Integer> set = g.reactiveSet();
      ReactiveConfig config = ReactiveConfig.create(g, Map.of("server", Map.of("port", 8080)));
      assertEquals(8080, config.get("server.port"));
      assertEquals(8080, config.get("server.port", 0));
      config.set("db.url", "jdbc:x");
      assertEquals(Map.of("server", Map.of("port", 8080), "db", Map.of("url", "jdbc:x")), config.all());
      map.put("a", 1);
      list.add(1);
      set.add(1);
      assertEquals(List.of(3, 4), seen.subList(seen.size() - 2, seen.size()));
      sub.dispose();
      e.dispose();
      ae.dispose();
      ae1.close();
      assertTrue(other.signal("x").peek().equals("x"));
    }
    assertTrue(Graph.global() == Graph.global());
  }

  @Test
  void asyncStatesAndTasks() throws Exception {
    List<AsyncState<Integer>> states = List.of(new AsyncState.Idle<>(),
        new AsyncState.Loading<>(Optional.of(1)), new AsyncState.Ready<>(2),
        new AsyncState.Failed<>(new IllegalStateException("x"), Optional.empty()));
    assertEquals(4, states.size());
    TaskFactory executor = TaskFactory.of(Executors.newVirtualThreadPerTaskExecutor());
    Task task = executor.start(() -> {});
    CompletionStage<Void> done = task.done();
    done.toCompletableFuture().get();
    task.cancel();
    try (StructuredTaskFactory structured = TaskFactory.structured()) {
      structured.start(() -> {}).done().toCompletableFuture().get();
    }
    CycleException cycle = new CycleException("x");
    assertTrue(cycle instanceof IllegalStateException);
    Equality<Object> eq = Equality.equals();
    assertTrue(eq.equal("a", "a"));
  }
}
