package dev.weft;

/**
 * Receives errors that have no caller to be rethrown to: failures of async effects, of cleanup
 * functions run on dispose, of callbacks run on another thread.
 *
 * <p>A handler must not throw; if it does, its exception is logged and dropped. JVM-fatal errors
 * ({@link VirtualMachineError}) never reach a handler: they are rethrown where they happen.
 */
@FunctionalInterface
public interface ErrorHandler {

  /** Handles one error; the message of {@code error} names the node it came from. */
  void handle(Throwable error);
}
