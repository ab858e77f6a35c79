package dev.weft.samples;

import static dev.weft.Weft.*;

import dev.weft.AsyncDerived;
import dev.weft.Derived;
import dev.weft.Signal;
import java.util.Map;

/** The README's 15-line example, runnable; a test keeps the two identical. */
public final class ReadmeExample {
  private ReadmeExample() {}

  public static void main(String[] args) {
    // --- README example begins ---
    Signal<String> city = signal("Paris");
    Signal<String> unit = signal("C");
    Derived<String> title = derived(() -> "Weather in " + city.get());
    effect(() -> System.out.println(title.get()));          // prints now, then after each change

    AsyncDerived<String> weather = asyncDerived(() -> {
      String c = city.get();                                 // tracked
      double t = fetchTemperature(c);                        // blocks a virtual thread, cheaply
      return c + ": " + t + " " + unit.get();                // still tracked after the blocking call
    });
    System.out.println(weather.await());                     // runs the body, waits: "Paris: 12.5 C"
    city.set("Oslo");                                        // prints "Weather in Oslo"
    unit.set("F");                                           // a read after the blocking call: tracked
    System.out.println(weather.await());                     // one fresh run: "Oslo: 3.0 F"
    // --- README example ends ---
  }

  /** A stand-in for a slow remote call. */
  static double fetchTemperature(String city) throws InterruptedException {
    Thread.sleep(100);
    return Map.of("Paris", 12.5, "Oslo", 3.0).getOrDefault(city, 20.0);
  }
}
