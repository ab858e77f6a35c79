package dev.weft.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bus.ChangeEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChangeEventCodecTest {
  private final ChangeEventCodec codec = ChangeEventCodec.INSTANCE;

  private BusEnvelope roundTrip(BusEnvelope envelope) {
    Buffer wire = Buffer.buffer().appendString("header bytes before the body");
    int pos = wire.length();
    codec.encodeToWire(wire, envelope);
    wire.appendString("bytes after the body");
    return codec.decodeFromWire(pos, wire);
  }

  @Nested
  class Wire {

    @Test
    void carriesEveryFieldOfAFullEvent() {
      BusEnvelope envelope = new BusEnvelope("node-1", 42, new ChangeEvent("room/ünïcode \"1\"",
          Set.of("a.b", "c"), "session-7", Set.of("ann", "bob")));

      assertEquals(envelope, roundTrip(envelope));
    }

    @Test
    void keepsAbsentOriginAndAudienceAbsent() {
      BusEnvelope envelope = new BusEnvelope("node-1", 1, ChangeEvent.of("room"));

      BusEnvelope decoded = roundTrip(envelope);

      assertEquals(envelope, decoded);
      assertEquals(null, decoded.event().audience());
      assertEquals(null, decoded.event().origin());
    }

    @Test
    void keepsAnEmptyAudienceEmpty() {
      BusEnvelope envelope = new BusEnvelope("n", 3, new ChangeEvent("room", Set.of("x"), null, Set.of()));

      assertEquals(Set.of(), roundTrip(envelope).event().audience());
    }

    @Test
    void rejectsAnotherWireVersionNamingTheFix() {
      JsonObject json = ChangeEventCodec.toJson(new BusEnvelope("n", 1, ChangeEvent.of("room"))).put("v", 2);

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ChangeEventCodec.fromJson(json));
      assertTrue(e.getMessage().contains("compatible Weft versions"), e.getMessage());
    }

    @Test
    void rejectsAnEnvelopeWithoutScope() {
      JsonObject json = ChangeEventCodec.toJson(new BusEnvelope("n", 1, ChangeEvent.of("room")));
      json.remove("scope");

      assertThrows(IllegalArgumentException.class, () -> ChangeEventCodec.fromJson(json));
    }
  }

  @Nested
  class WithinOneVertx {

    @Test
    void passesTheImmutableEnvelopeAsIs() {
      BusEnvelope envelope = new BusEnvelope("n", 1, ChangeEvent.of("room"));

      assertSame(envelope, codec.transform(envelope));
    }

    @Test
    void isAUserCodecWithAStableName() {
      assertEquals(-1, codec.systemCodecID());
      assertEquals("dev.weft.bus.ChangeEvent/v1", codec.name());
    }
  }
}
