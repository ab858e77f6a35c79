package dev.weft.vertx;

import dev.weft.bus.ChangeEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * EventBus codec for {@link BusEnvelope}s: JSON on the wire, the same immutable object within one
 * Vert.x instance. Wire format (version 1), length-prefixed UTF-8 JSON:
 * {@code {"v":1,"node":"…","seq":7,"scope":"…","paths":["…"],"origin":"…"|null,"audience":["…"]|null}}.
 * Stateless; registered once per Vert.x instance under {@link #NAME}.
 */
final class ChangeEventCodec implements MessageCodec<BusEnvelope, BusEnvelope> {
  static final String NAME = "dev.weft.bus.ChangeEvent/v1";
  static final ChangeEventCodec INSTANCE = new ChangeEventCodec();
  private static final int VERSION = 1;

  private ChangeEventCodec() {}

  /** Registers the codec on {@code eventBus} unless it already is (several buses may share one Vert.x). */
  static void registerOn(EventBus eventBus) {
    try {
      eventBus.registerCodec(INSTANCE);
    } catch (IllegalStateException alreadyRegistered) {
      // another clustered bus on this Vert.x instance registered it: nothing to do
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, BusEnvelope envelope) {
    Buffer json = toJson(envelope).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public BusEnvelope decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public BusEnvelope transform(BusEnvelope envelope) {
    return envelope; // immutable
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1; // a user codec
  }

  static JsonObject toJson(BusEnvelope envelope) {
    ChangeEvent event = envelope.event();
    Set<String> audience = event.audience();
    return new JsonObject()
        .put("v", VERSION)
        .put("node", envelope.node())
        .put("seq", envelope.sequence())
        .put("scope", event.scope())
        .put("paths", new JsonArray(java.util.List.copyOf(event.changedPaths())))
        .put("origin", event.origin())
        .put("audience", audience == null ? null : new JsonArray(java.util.List.copyOf(audience)));
  }

  /**
   * @throws IllegalArgumentException if the JSON is not a version-1 envelope (all nodes of a cluster
   *     must run Weft versions with the same wire format)
   */
  static BusEnvelope fromJson(JsonObject json) {
    Integer version = json.getInteger("v");
    if (version == null || version != VERSION) {
      throw new IllegalArgumentException("unsupported Weft bus wire format version " + version
          + " (this node reads version " + VERSION + "); run compatible Weft versions on all nodes");
    }
    String node = required(json, "node");
    Long sequence = json.getLong("seq");
    if (sequence == null) {
      throw new IllegalArgumentException("Weft bus envelope without \"seq\": " + json.encode());
    }
    ChangeEvent event = new ChangeEvent(required(json, "scope"), strings(json.getJsonArray("paths"), "paths"),
        json.getString("origin"), nullableStrings(json.getJsonArray("audience")));
    return new BusEnvelope(node, sequence, event);
  }

  private static String required(JsonObject json, String key) {
    String value = json.getString(key);
    if (value == null) {
      throw new IllegalArgumentException("Weft bus envelope without \"" + key + "\": " + json.encode());
    }
    return value;
  }

  private static Set<String> strings(@Nullable JsonArray array, String key) {
    if (array == null) {
      throw new IllegalArgumentException("Weft bus envelope without \"" + key + "\"");
    }
    Set<String> result = new HashSet<>(array.size() * 2);
    for (int i = 0; i < array.size(); i++) {
      result.add(array.getString(i));
    }
    return result;
  }

  private static @Nullable Set<String> nullableStrings(@Nullable JsonArray array) {
    return array == null ? null : strings(array, "audience");
  }
}
