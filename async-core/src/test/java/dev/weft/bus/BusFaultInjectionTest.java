package dev.weft.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.FaultInjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault injection for the bus's user callback {@code onDrop}, with every kind of {@link
 * FaultInjector.Fault}: a failure is logged naming the scope and never thrown at the emitter, delivery to
 * the other subscribers goes on, the counts stay exact and the bus keeps working; a JVM-fatal error
 * reaches the emitter as thrown; an interrupt status set by the callback survives on the emitter's
 * thread. ({@code onDisconnect} failures: {@link LocalBusTest}.)
 */
class BusFaultInjectionTest {

  private static List<String> drain(BusSubscription sub) {
    List<String> out = new ArrayList<>();
    for (ChangeEvent e = sub.poll(Duration.ZERO); e != null; e = sub.poll(Duration.ZERO)) {
      out.add(e.changedPaths().iterator().next());
    }
    return out;
  }

  @Nested
  class OnDropFails {
    @ParameterizedTest
    @EnumSource(FaultInjector.Fault.class)
    void theEmitterIsSparedOthersGetTheEventAndTheBusKeepsCounting(FaultInjector.Fault fault) throws Exception {
      FaultInjector injector = new FaultInjector(fault);
      RecordingLogger log = new RecordingLogger();
      LocalBus bus = new LocalBus(1, (scope, e) -> injector.maybeFail(), System::nanoTime, log);
      try {
        BusSubscription other = bus.subscribe("room"); // first in delivery order
        BusSubscription full = bus.subscribe("room");
        bus.emit(ChangeEvent.of("room", "1"));
        assertEquals(List.of("1"), drain(other));
        FaultInjector.Outcome outcome = injector.call(() -> bus.emit(ChangeEvent.of("room", "2"))); // full drops
        if (fault.fatal()) {
          assertSame(injector.thrown(), outcome.error(), "a JVM-fatal error reaches the emitter, never swallowed");
        } else {
          assertNull(outcome.error(), "onDrop's failure is never thrown at the emitter");
          assertTrue(log.entries.stream().anyMatch(e -> e.error() == injector.thrown() && e.message().contains("'room'")),
              "logged naming the scope: " + log.entries);
        }
        if (fault == FaultInjector.Fault.INTERRUPTED) {
          assertTrue(outcome.stillInterrupted(), "the bus does not clear the interrupt status");
        }
        assertEquals(List.of("2"), drain(other), "the subscriber before the full one got the event");
        assertEquals(List.of("1"), drain(full));
        assertEquals(1, bus.droppedCount());
        assertEquals(2, bus.emittedCount());
        // the bus works on: the next event reaches both, nothing dropped
        bus.emit(ChangeEvent.of("room", "3"));
        assertEquals(List.of("3"), drain(other));
        assertEquals(List.of("3"), drain(full));
        assertEquals(1, bus.droppedCount());
      } finally {
        bus.close();
      }
    }
  }
}
