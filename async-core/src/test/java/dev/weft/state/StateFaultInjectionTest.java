package dev.weft.state;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.FaultInjector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault injection for the session state's user callbacks, mutation handlers and middlewares, with
 * every kind of {@link FaultInjector.Fault}. A mutation handler's failure reaches the assigning caller
 * as thrown (JVM-fatal errors too), after the value was stored; a middleware's failure becomes the
 * dispatch's failed result with the same throwable. Afterwards the session is consistent, not locked
 * (another thread writes it), and works: the other handlers run, the next dispatch of the same
 * session runs.
 */
class StateFaultInjectionTest {

  /** Proves the session lock is free: another thread assigns and reads within a deadline. */
  static void assertUsableFromAnotherThread(SessionState s) throws Exception {
    CompletableFuture<Object> probe = CompletableFuture.supplyAsync(() -> {
      s.set("probe", 42);
      return s.get("probe");
    }, r -> Thread.ofPlatform().start(r));
    assertEquals(42, probe.get(5, SECONDS), "no lock of the session was left held");
  }

  @Nested
  class MutationHandlerFails {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void theAssignerGetsItTheValueIsStoredAndTheSessionWorksOn(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      SessionState s = SessionState.create();
      List<Object> others = new CopyOnWriteArrayList<>();
      s.subscribeMutation(List.of("a"), e -> injector.maybeFail());
      s.subscribeMutation(List.of("a"), e -> others.add(e.newValue()));
      FaultInjector.Outcome outcome = injector.call(() -> s.set("a", 1));
      assertSame(injector.thrown(), outcome.error(), "the assigner gets the handler's own failure");
      if (fault == FaultInjector.Fault.INTERRUPTED) {
        assertTrue(outcome.stillInterrupted(), "the session does not clear the interrupt status");
      }
      if (!fault.fatal()) {
        assertEquals(List.of(1), others, "the other handler ran although the first one failed");
      }
      assertEquals(1, s.get("a"), "the value was stored before the handlers ran");
      assertEquals(Map.of("+a", 1), s.drainMutations());
      assertUsableFromAnotherThread(s);
      s.set("a", 2);
      assertEquals(2, others.getLast(), "the handlers run on the next assignment: " + others);
    }
  }

  @Nested
  class MiddlewareFails {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void theDispatchFailsWithItAndTheSessionsNextDispatchRuns(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      try (EventRuntime runtime = EventRuntime.builder()
          .middleware((e, next) -> {
            injector.maybeFail();
            return next.proceed();
          })
          .handler("count", e -> {
            int n = e.state().get("n") instanceof Integer i ? i + 1 : 1;
            e.state().set("n", n);
            return n;
          })
          .build()) {
        SessionState session = SessionState.create();
        CompletableFuture<DispatchResult> first = new CompletableFuture<>();
        FaultInjector.Outcome outcome = injector.call(() -> first.complete(runtime.dispatch(session, "count").await()));
        assertEquals(null, outcome.error(), "dispatch and await never throw the handler chain's failure");
        DispatchResult failed = first.get(5, SECONDS);
        assertFalse(failed.ok());
        assertEquals("count", failed.event());
        assertSame(injector.thrown(), failed.failure(), "the result carries the middleware's own failure");
        assertEquals(Map.of(), failed.mutations(), "the handler never ran");
        assertUsableFromAnotherThread(session);
        DispatchResult next = runtime.dispatch(session, "count").result().get(5, SECONDS);
        assertTrue(next.ok(), "the next dispatch of the same session runs: " + next);
        assertEquals(1, next.result());
      }
    }
  }
}
