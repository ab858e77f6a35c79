package dev.weft.samples.dashboard;

import dev.weft.Graph;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ReactiveBus;
import dev.weft.state.EventContext;
import dev.weft.state.Middleware;
import dev.weft.state.SessionState;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's event handler and middleware. Both run on the dispatch's virtual thread, so they may
 * block; their assignments to the session are its mutations, and show up live in the tab.
 */
final class Handlers {
  private static final System.Logger LOG = System.getLogger(Handlers.class.getName());

  private Handlers() {}

  /**
   * {@code bump}: counts a click, stamps its time, and tells the other tabs over the bus. The assignments
   * are one batch of the session's graph, so the tab's view never shows the new count with the old badge
   * (which a mutation handler derives from it).
   */
  static Object bump(EventContext event, Graph graph, ReactiveBus bus, String scope) throws InterruptedException {
    SessionState state = event.state();
    Thread.sleep(50); // pretend to save the click somewhere slow (outside the batch: this is a virtual thread)
    int clicks = graph.batch(() -> {
      int next = (Integer) state.get("clicks") + 1;
      state.set("clicks", next); // the mutation handler cascades into "badge", inside this batch
      state.set("lastClick", LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
      return next;
    });
    bus.emit(new ChangeEvent(scope, Set.of("clicks"), (String) state.get("id"), null));
    return clicks;
  }

  /** A middleware around every handler: times the run and records it in the session as "audit". */
  static @Nullable Object audit(EventContext event, Middleware.Next next) throws Exception {
    long start = System.nanoTime();
    try {
      return next.proceed();
    } finally {
      long micros = (System.nanoTime() - start) / 1_000;
      String line = event.event() + " took " + (micros / 1_000) + "." + (micros / 100 % 10) + " ms";
      event.state().set("audit", line);
      LOG.log(System.Logger.Level.DEBUG, () -> event.state().get("id") + ": " + line);
    }
  }

  /** The badge a session earns with {@code clicks} clicks. */
  static String badge(int clicks) {
    return clicks >= 10 ? "gold" : clicks >= 5 ? "silver" : clicks >= 1 ? "bronze" : "none";
  }
}
