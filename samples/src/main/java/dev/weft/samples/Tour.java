package dev.weft.samples;

/** Runs every sample in order, each under a header. */
public final class Tour {
  private Tour() {}

  /** One step of the tour. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    step(1, "Signals, derived values, effects and batch", SignalsSample::run);
    step(2, "A glitch-free diamond, also under concurrent writers", DiamondSample::run);
    step(3, "Awaiting an async derived; a stale run is cancelled", AsyncSample::run);
    step(4, "Task factories own the runs", TaskFactorySample::run);
    step(5, "Graphs are isolated from each other", IsolationSample::run);
    step(6, "A producer fed by a background thread", ProducerSample::run);
    step(7, "The bus: scopes, audience, presence", BusSample::run);
    step(8, "Session state and event handlers with a middleware", SessionSample::run);
    step(9, "Bridging to Project Reactor: Flux, Mono, Publisher, Scheduler", FluxSample::run);
    step(10, "Vert.x: event-loop runs, Future, EventBus in and out", VertxSample::run);
    System.out.println();
    System.out.println("Tour finished.");
  }

  static void step(int number, String title, Step sample) throws Exception {
    System.out.println();
    System.out.println("== " + number + ". " + title + " ==");
    sample.run();
  }
}
