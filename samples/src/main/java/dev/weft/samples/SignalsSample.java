package dev.weft.samples;

import static dev.weft.Weft.batch;
import static dev.weft.Weft.derived;
import static dev.weft.Weft.effect;
import static dev.weft.Weft.signal;

import dev.weft.Derived;
import dev.weft.Effect;
import dev.weft.Signal;

/** Signals hold values, derived values compute from them lazily, effects react; batch groups writes. */
public final class SignalsSample {
  private SignalsSample() {}

  public static void main(String[] args) {
    run();
  }

  static void run() {
    // The static facade works on the process-wide graph: import static dev.weft.Weft.*
    Signal<String> first = signal("Ada");
    Signal<String> last = signal("Lovelace");

    // A derived value is lazy and cached: it recomputes only when read after a source changed.
    Derived<String> full = derived(() -> {
      System.out.println("  (computing full name)");
      return first.get() + " " + last.get();
    });

    // An effect runs now, records what it read, and reruns after any of it changes.
    Effect greeter = effect(() -> System.out.println("  effect: hello, " + full.get()));

    System.out.println("set first = Grace:");
    first.set("Grace");

    System.out.println("batch { first = Alan; last = Turing }: one rerun, never 'Alan Lovelace':");
    batch(() -> {
      first.set("Alan");
      last.set("Turing");
    });

    System.out.println("set first = Alan again: equal value, nothing runs");
    boolean changed = first.set("Alan");
    System.out.println("  set returned " + changed);

    greeter.dispose(); // stop reacting; later writes rerun nothing
    first.set("Barbara");
    System.out.println("after dispose, set first = Barbara: the effect stayed quiet; full = " + full.get());
  }
}
