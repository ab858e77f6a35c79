package dev.weft.samples;

import dev.weft.bus.BusSubscription;
import dev.weft.bus.ChangeEvent;
import dev.weft.bus.ConnectionInfo;
import dev.weft.bus.ReactiveBus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The bus broadcasts change events to the subscribers of a scope, each with its own bounded queue, so
 * emit never blocks. An audience narrows an event to some users; presence lists who is connected.
 */
public final class BusSample {
  private BusSample() {}

  public static void main(String[] args) {
    run();
  }

  static void run() {
    try (ReactiveBus bus = ReactiveBus.create()) {
      String scope = "doc-42";
      BusSubscription alice = bus.subscribe(scope, connection("tab-1", "alice"), BusSample::left);
      BusSubscription bob = bus.subscribe(scope, connection("tab-2", "bob"), BusSample::left);
      BusSubscription audit = bus.subscribe(scope); // anonymous: not in presence, no audience events

      System.out.println("presence: " + bus.presence(scope).stream().map(ConnectionInfo::userId).sorted().toList());

      bus.emit(ChangeEvent.of(scope, "title"));
      bus.emit(new ChangeEvent(scope, Set.of("comments.7"), "tab-2", Set.of("alice"))); // alice only

      System.out.println("alice gets: " + drain(alice));
      System.out.println("bob gets:   " + drain(bob));
      System.out.println("audit gets: " + drain(audit));

      bob.close(); // bob leaves: his onDisconnect runs, presence shrinks
      System.out.println("presence: " + bus.presence(scope).stream().map(ConnectionInfo::userId).toList());
      System.out.println("emitted " + bus.emittedCount() + ", dropped " + bus.droppedCount());
    } // closing the bus ends alice's and audit's subscriptions too
  }

  private static ConnectionInfo connection(String sessionId, String user) {
    return new ConnectionInfo(sessionId, user, Instant.now());
  }

  private static void left(String scope, ConnectionInfo who) {
    System.out.println("  " + who.userId() + " left " + scope);
  }

  // Reads what is queued now (a real subscriber would simply iterate on its own virtual thread).
  private static String drain(BusSubscription subscription) {
    StringBuilder out = new StringBuilder();
    for (ChangeEvent e; (e = subscription.poll(Duration.ofMillis(20))) != null; ) {
      out.append(e.changedPaths()).append(e.origin() == null ? "" : " from " + e.origin()).append(' ');
    }
    return out.isEmpty() ? "(nothing)" : out.toString().strip();
  }
}
