package dev.weft.state;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ReactiveBus;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventRuntimeTest {
  private final List<EventRuntime> runtimes = new ArrayList<>();

  @AfterEach
  void closeRuntimes() {
    runtimes.forEach(EventRuntime::close);
  }

  private EventRuntime build(EventRuntime.Builder builder) {
    EventRuntime runtime = builder.build();
    runtimes.add(runtime);
    return runtime;
  }

  private static DispatchResult await5(Dispatch d) throws Exception {
    return d.result().get(5, SECONDS);
  }

  /** Handlers as the public methods of an object. */
  public static final class Counter {
    public int increment(SessionState state, int by) {
      int next = (state.get("count") instanceof Integer n ? n : 0) + by;
      state.set("count", next);
      return next;
    }

    public String greet(String name) {
      return "hello " + name;
    }

    public String describe(EventContext event) {
      return event.event() + " with " + event.args().size() + " args";
    }

    public void _secret(SessionState state) {
      state.set("leaked", true);
    }

    @Override
    public String toString() {
      return "Counter";
    }
  }

  /** Two public methods with one name: not allowed. */
  public static final class Overloaded {
    public void go() {}

    public void go(int times) {}
  }

  /** Not public: registered through a Lookup. */
  private static final class Hidden {
    private Hidden() {}

    public String ping() {
      return "pong";
    }
  }

  @Nested
  class Registry {
    @Test
    void functionsAndPublicMethodsAreRegisteredButNotPrivateOrObjectMethods() {
      EventRuntime runtime =
          build(EventRuntime.builder().handler("fn", e -> null).handlers(new Counter()));
      assertEquals(Set.of("fn", "increment", "greet", "describe"), runtime.handlerNames());
    }

    @Test
    void unknownAndPrivateNamesAreAClearError() {
      EventRuntime runtime = build(EventRuntime.builder().handlers(new Counter()));
      SessionState session = SessionState.create();
      IllegalArgumentException unknown =
          assertThrows(IllegalArgumentException.class, () -> runtime.dispatch(session, "nope"));
      assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("increment"), unknown.getMessage());
      IllegalArgumentException hidden =
          assertThrows(IllegalArgumentException.class, () -> runtime.dispatch(session, "_secret"));
      assertTrue(hidden.getMessage().contains("private"), hidden.getMessage());
      assertNull(session.get("leaked"));
    }

    @Test
    void badRegistrationsAreRejected() {
      EventRuntime.Builder b = EventRuntime.builder().handler("a", e -> null);
      assertThrows(IllegalArgumentException.class, () -> b.handler("a", e -> null));
      assertThrows(IllegalArgumentException.class, () -> b.handler("_private", e -> null));
      assertThrows(IllegalArgumentException.class, () -> b.handler("", e -> null));
      IllegalArgumentException overloaded =
          assertThrows(IllegalArgumentException.class, () -> EventRuntime.builder().handlers(new Overloaded()));
      assertTrue(overloaded.getMessage().contains("'go'"), overloaded.getMessage());
    }

    @Test
    void methodHandlersGetTheSessionOrContextAndTheArgumentsInOrder() throws Exception {
      EventRuntime runtime = build(EventRuntime.builder().handlers(new Counter()));
      SessionState session = SessionState.create();
      DispatchResult inc = await5(runtime.dispatch(session, "increment", 5));
      assertTrue(inc.ok(), inc.toString());
      assertEquals(5, inc.result());
      assertEquals(Map.of("+count", 5), inc.mutations());
      assertEquals("hello Ada", await5(runtime.dispatch(session, "greet", "Ada")).result());
      assertEquals("describe with 2 args", await5(runtime.dispatch(session, "describe", 1, null)).result());
    }

    @Test
    void wrongArgumentsFailTheDispatchWithAMessage() throws Exception {
      EventRuntime runtime = build(EventRuntime.builder().handlers(new Counter()));
      SessionState session = SessionState.create();
      DispatchResult count = await5(runtime.dispatch(session, "increment"));
      assertFalse(count.ok());
      assertTrue(count.error().contains("takes 1 argument"), count.error());
      DispatchResult type = await5(runtime.dispatch(session, "increment", "five"));
      assertFalse(type.ok());
      assertTrue(type.error().contains("int"), type.error());
      assertEquals(Map.of(), session.snapshot());
    }

    @Test
    void aLookupGivesAccessToMethodsOfNonPublicClasses() throws Exception {
      EventRuntime runtime = build(EventRuntime.builder().handlers(new Hidden(), MethodHandles.lookup()));
      assertEquals("pong", await5(runtime.dispatch(SessionState.create(), "ping")).result());
    }
  }

  @Nested
  class Dispatching {
    @Test
    void aHandlerRunsOnAVirtualThreadAndReportsResultAndMutations() throws Exception {
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .handler(
                      "save",
                      e -> {
                        e.state().set("profile.name", e.arg(0, String.class));
                        e.state().remove("draft");
                        return Thread.currentThread().isVirtual();
                      }));
      SessionState session = SessionState.create(Map.of("draft", "x"));
      DispatchResult r = runtime.dispatch(session, "save", "Ada").await();
      assertEquals(new DispatchResult("save", true, true, null, r.mutations(), null), r);
      assertEquals(List.of("+profile.name", "-draft"), new ArrayList<>(r.mutations().keySet()));
      assertEquals(r.mutations(), session.drainMutations(), "the session's own log has them too");
    }

    @Test
    void aThrowingHandlerYieldsOkFalseWithTheMessageAndKeepsTheStateConsistent() throws Exception {
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .handler(
                      "half",
                      e -> {
                        e.state().set("step", 1);
                        throw new IllegalStateException("payment declined");
                      })
                  .handler("read", e -> e.state().get("step")));
      SessionState session = SessionState.create();
      DispatchResult r = await5(runtime.dispatch(session, "half"));
      assertFalse(r.ok());
      assertEquals("payment declined", r.error());
      assertInstanceOf(IllegalStateException.class, r.failure());
      assertNull(r.result());
      assertEquals(Map.of("+step", 1), r.mutations());
      assertEquals(1, await5(runtime.dispatch(session, "read")).result());
    }

    @Test
    void partialMutationsOfALongHandlerCanBeReadWhileItRuns() throws Exception {
      CountDownLatch halfway = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .handler(
                      "upload",
                      e -> {
                        e.state().set("progress", 50);
                        halfway.countDown();
                        release.await();
                        e.state().set("progress", 100);
                        e.state().set("done", true);
                        return null;
                      }));
      SessionState session = SessionState.create();
      Dispatch d = runtime.dispatch(session, "upload");
      halfway.await();
      assertFalse(d.isDone());
      assertEquals(Map.of("+progress", 50), d.mutations());
      assertEquals(50, session.get("progress"));
      release.countDown();
      DispatchResult r = await5(d);
      assertEquals(SessionStateTest.ordered("+progress", 100, "+done", true), r.mutations());
      assertEquals(r.mutations(), d.mutations());
    }

    @Test
    void runsOfOneSessionRunOneAtATimeInDispatchOrder() throws Exception {
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      List<String> order = new CopyOnWriteArrayList<>();
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .handler(
                      "step",
                      e -> {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        String name = e.arg(0, String.class);
                        if (name.equals("first")) {
                          release.await();
                        }
                        order.add(name);
                        running.decrementAndGet();
                        return null;
                      }));
      SessionState session = SessionState.create();
      List<Dispatch> ds = new ArrayList<>();
      for (String name : List.of("first", "second", "third", "fourth")) {
        ds.add(runtime.dispatch(session, "step", name));
      }
      release.countDown();
      for (Dispatch d : ds) {
        assertTrue(await5(d).ok());
      }
      assertEquals(List.of("first", "second", "third", "fourth"), order);
      assertEquals(1, maxRunning.get());
    }

    @Test
    void twoSessionsDispatchConcurrentlyAndStayIsolated() throws Exception {
      CyclicBarrier bothRunning = new CyclicBarrier(2);
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .handler(
                      "join",
                      e -> {
                        String me = e.arg(0, String.class);
                        e.state().set("me", me);
                        bothRunning.await(5, SECONDS); // only passes if both runs overlap
                        return e.state().snapshot();
                      }));
      SessionState alice = SessionState.create();
      SessionState bob = SessionState.create();
      Dispatch a = runtime.dispatch(alice, "join", "alice");
      Dispatch b = runtime.dispatch(bob, "join", "bob");
      DispatchResult ra = await5(a);
      DispatchResult rb = await5(b);
      assertTrue(ra.ok() && rb.ok(), ra + " " + rb);
      assertEquals(Map.of("me", "alice"), ra.result());
      assertEquals(Map.of("me", "bob"), rb.result());
      assertEquals(Map.of("+me", "alice"), ra.mutations());
      assertEquals(Map.of("+me", "bob"), rb.mutations());
    }

    @Test
    void concurrentRunsOfOneSessionEachReportOnlyTheirOwnMutations() throws Exception {
      CyclicBarrier overlap = new CyclicBarrier(2);
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .serialPerSession(false)
                  .handler(
                      "write",
                      e -> {
                        String key = e.arg(0, String.class);
                        e.state().set(key + ".before", 1);
                        overlap.await(5, SECONDS);
                        e.state().set(key + ".after", 2);
                        return null;
                      }));
      SessionState session = SessionState.create();
      Dispatch x = runtime.dispatch(session, "write", "x");
      Dispatch y = runtime.dispatch(session, "write", "y");
      assertEquals(SessionStateTest.ordered("+x.before", 1, "+x.after", 2), await5(x).mutations());
      assertEquals(SessionStateTest.ordered("+y.before", 1, "+y.after", 2), await5(y).mutations());
      assertEquals(4, session.drainMutations().size());
    }
  }

  @Nested
  class Middlewares {
    @Test
    void wrapTheHandlerInRegistrationOrder() throws Exception {
      List<String> trace = new CopyOnWriteArrayList<>();
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .middleware((e, next) -> { trace.add("outer before"); Object r = next.proceed(); trace.add("outer after"); return r; })
                  .middleware((e, next) -> { trace.add("inner before"); Object r = next.proceed(); trace.add("inner after"); return r; })
                  .handler("h", e -> { trace.add("handler"); return "r"; }));
      assertEquals("r", await5(runtime.dispatch(SessionState.create(), "h")).result());
      assertEquals(List.of("outer before", "inner before", "handler", "inner after", "outer after"), trace);
    }

    @Test
    void canShortCircuitPassAttributesAndReplaceTheResult() throws Exception {
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .middleware(
                      (e, next) -> {
                        if (!"admin".equals(e.state().get("role"))) {
                          return "denied"; // the handler never runs
                        }
                        e.attributes().put("checkedBy", "auth");
                        return "[" + next.proceed() + "]";
                      })
                  .handler("wipe", e -> { e.state().set("wiped", true); return e.attributes().get("checkedBy"); }));
      SessionState guest = SessionState.create(Map.of("role", "guest"));
      DispatchResult denied = await5(runtime.dispatch(guest, "wipe"));
      assertEquals("denied", denied.result());
      assertNull(guest.get("wiped"));
      assertEquals(Map.of(), denied.mutations());
      DispatchResult allowed = await5(runtime.dispatch(SessionState.create(Map.of("role", "admin")), "wipe"));
      assertEquals("[auth]", allowed.result());
    }

    @Test
    void canHandleErrors() throws Exception {
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .middleware(
                      (e, next) -> {
                        try {
                          return next.proceed();
                        } catch (IllegalArgumentException bad) {
                          return "recovered: " + bad.getMessage();
                        }
                      })
                  .handler("boom", e -> { throw new IllegalArgumentException("bad input"); }));
      DispatchResult r = await5(runtime.dispatch(SessionState.create(), "boom"));
      assertTrue(r.ok());
      assertEquals("recovered: bad input", r.result());
    }

    @Test
    void aPerEventTransactionRollsBackOnError() throws Exception {
      Middleware transaction =
          (e, next) -> {
            Map<String, Object> before = e.state().snapshot();
            try {
              return next.proceed();
            } catch (Exception failure) {
              for (String key : e.state().snapshot().keySet()) {
                if (!before.containsKey(key)) {
                  e.state().remove(SessionState.escape(key));
                }
              }
              before.forEach((key, value) -> e.state().set(SessionState.escape(key), value));
              throw failure;
            }
          };
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .middleware(transaction)
                  .handler(
                      "transfer",
                      e -> {
                        SessionState s = e.state();
                        s.set("from", (int) s.get("from") - 10);
                        s.set("audit.last", "transfer");
                        if ((int) s.get("from") < 0) {
                          throw new IllegalStateException("insufficient funds");
                        }
                        s.set("to", (int) s.get("to") + 10);
                        return null;
                      }));
      SessionState ok = SessionState.create(Map.of("from", 15, "to", 0));
      assertTrue(await5(runtime.dispatch(ok, "transfer")).ok());
      assertEquals(Map.of("from", 5, "to", 10, "audit", Map.of("last", "transfer")), ok.snapshot());

      Map<String, Object> before = ok.snapshot();
      DispatchResult failed = await5(runtime.dispatch(ok, "transfer"));
      assertFalse(failed.ok());
      assertEquals("insufficient funds", failed.error());
      assertEquals(before, ok.snapshot(), "rolled back");
    }

    @Test
    void anAfterMiddlewareCanPublishTheRunsMutationsOnTheBus() throws Exception {
      try (ReactiveBus bus = ReactiveBus.create()) {
        BusSubscription others = bus.subscribe("room");
        EventRuntime runtime =
            build(
                EventRuntime.builder()
                    .middleware(
                        (e, next) -> {
                          Object result = next.proceed();
                          Set<String> paths =
                              e.mutations().keySet().stream().map(k -> k.substring(1)).collect(Collectors.toSet());
                          bus.emit(new ChangeEvent("room", paths, "session-1", null));
                          return result;
                        })
                    .handler("rename", e -> { e.state().set("title", e.arg(0, String.class)); return null; }));
        assertTrue(await5(runtime.dispatch(SessionState.create(), "rename", "Weft")).ok());
        ChangeEvent event = others.poll(Duration.ofSeconds(5));
        assertEquals(new ChangeEvent("room", Set.of("title"), "session-1", null), event);
      }
    }
  }

  @Nested
  class CancelAndClose {
    @Test
    void cancellingARunningHandlerInterruptsIt() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .handler(
                      "wait",
                      e -> {
                        e.state().set("started", true);
                        started.countDown();
                        Thread.sleep(Duration.ofMinutes(5)); // simulates a long call; interrupted
                        return null;
                      }));
      Dispatch d = runtime.dispatch(SessionState.create(), "wait");
      started.await();
      d.cancel();
      DispatchResult r = await5(d);
      assertFalse(r.ok());
      assertInstanceOf(CancellationException.class, r.failure());
      assertEquals(Map.of("+started", true), r.mutations());
    }

    @Test
    void aCancelledQueuedRunNeverStartsAndKeepsItsPlace() throws Exception {
      CountDownLatch release = new CountDownLatch(1);
      List<String> ran = new CopyOnWriteArrayList<>();
      EventRuntime runtime =
          build(
              EventRuntime.builder()
                  .handler(
                      "step",
                      e -> {
                        String name = e.arg(0, String.class);
                        if (name.equals("first")) {
                          release.await();
                        }
                        ran.add(name);
                        return null;
                      }));
      SessionState session = SessionState.create();
      Dispatch first = runtime.dispatch(session, "step", "first");
      Dispatch second = runtime.dispatch(session, "step", "second");
      Dispatch third = runtime.dispatch(session, "step", "third");
      second.cancel();
      DispatchResult cancelled = await5(second); // reported at once
      assertFalse(cancelled.ok());
      assertFalse(first.isDone());
      release.countDown();
      assertTrue(await5(third).ok());
      assertTrue(await5(first).ok());
      assertEquals(List.of("first", "third"), ran);
    }

    @Test
    void closeInterruptsRunsWaitsForThemAndRefusesNewDispatches() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      AtomicInteger finished = new AtomicInteger();
      EventRuntime runtime =
          EventRuntime.builder()
              .handler(
                  "wait",
                  e -> {
                    try {
                      started.countDown();
                      Thread.sleep(Duration.ofMinutes(5));
                      return null;
                    } finally {
                      finished.incrementAndGet();
                    }
                  })
              .build();
      SessionState session = SessionState.create();
      Dispatch running = runtime.dispatch(session, "wait");
      Dispatch queued = runtime.dispatch(session, "wait");
      started.await();
      runtime.close();
      assertEquals(1, finished.get(), "close waited for the running handler to end");
      assertTrue(running.isDone() && queued.isDone());
      assertFalse(running.await().ok());
      assertFalse(queued.await().ok());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> runtime.dispatch(session, "wait"));
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
      runtime.close(); // idempotent
    }

    @Test
    void sessionsFromOtherImplementationsAreRejected() {
      EventRuntime runtime = build(EventRuntime.builder().handler("h", e -> null));
      SessionState foreign =
          (SessionState)
              Proxy.newProxyInstance(
                  SessionState.class.getClassLoader(), new Class<?>[] {SessionState.class}, (p, m, a) -> null);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> runtime.dispatch(foreign, "h"));
      assertTrue(e.getMessage().contains("SessionState.create"), e.getMessage());
    }

    @Test
    void resultFuturesCannotBeCompletedByCallers() throws Exception {
      CountDownLatch release = new CountDownLatch(1);
      EventRuntime runtime = build(EventRuntime.builder().handler("h", e -> { release.await(); return "real"; }));
      Dispatch d = runtime.dispatch(SessionState.create(), "h");
      d.result().complete(new DispatchResult("h", true, "fake", null, Map.of(), null));
      release.countDown();
      await().atMost(5, SECONDS).until(d::isDone);
      assertEquals("real", d.await().result());
    }
  }
}
