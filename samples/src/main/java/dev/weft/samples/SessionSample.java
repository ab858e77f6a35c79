package dev.weft.samples;

import dev.weft.Graph;
import dev.weft.state.DispatchResult;
import dev.weft.state.EventRuntime;
import dev.weft.state.SessionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Session state holds one client's values by dotted path and records every assignment as a mutation.
 * An EventRuntime runs named handlers on virtual threads through middlewares and reports the mutations.
 */
public final class SessionSample {
  private SessionSample() {}

  public static void main(String[] args) {
    run();
  }

  @SuppressWarnings("unchecked")
  static void run() {
    try (Graph graph = Graph.builder().name("shop").build();
        EventRuntime runtime = EventRuntime.builder()
            .middleware((event, next) -> { // wraps every handler run: code before and after
              System.out.println("  middleware: -> " + event.event() + event.args());
              try {
                return next.proceed();
              } finally {
                System.out.println("  middleware: <- " + event.event() + ", mutations so far " + event.mutations());
              }
            })
            .handler("add", event -> {
              List<String> items = new ArrayList<>((List<String>) event.state().get("cart.items"));
              items.add(event.arg(0, String.class));
              event.state().set("cart.items", items);
              return items.size();
            })
            .handler("pay", event -> {
              throw new IllegalStateException("card declined: try another card");
            })
            .build()) {
      SessionState session = SessionState.create(graph, Map.of("cart", Map.of("items", List.of(), "count", 0)));
      // A mutation handler cascades: every change of cart.items recomputes cart.count.
      session.subscribeMutation(List.of("cart.items"),
          m -> m.state().set("cart.count", ((List<?>) m.state().get("cart.items")).size()));
      // Reads of a session inside its graph's computations are tracked: this effect follows cart.count.
      graph.effect(() -> System.out.println("  effect: cart badge shows " + session.get("cart.count")));

      DispatchResult added = runtime.dispatch(session, "add", "tea").await();
      System.out.println(
          "add tea: ok=" + added.ok() + ", result=" + added.result() + ", mutations=" + added.mutations());

      DispatchResult paid = runtime.dispatch(session, "pay").await();
      System.out.println("pay: ok=" + paid.ok() + ", error='" + paid.error() + "'");
      System.out.println("state stays consistent: " + session.snapshot());
    }
  }
}
