package dev.weft.bus;

/**
 * Options for {@link ReactiveBus#subscribe(String, ConnectionInfo, java.util.function.BiConsumer,
 * SubscribeOption...)}.
 */
public enum SubscribeOption {

  /**
   * Skip events whose {@link ChangeEvent#origin() origin} equals the subscriber's own {@link
   * ConnectionInfo#sessionId() session id}: a client does not hear back the changes it made itself.
   * On the local bus such events are filtered at emit time, so they neither occupy the subscriber's
   * queue nor count as dropped.
   */
  SKIP_OWN_ORIGIN
}
