package dev.weft.bench.framework;

import java.util.List;

/** Creates the adapters by their JMH parameter names. */
public final class Frameworks {

  /** Every framework name, Weft first, in the order of the JMH {@code framework} parameter. */
  public static final List<String> NAMES =
      List.of("weft", "javafx", "vaadin", "sodium", "compose", "rxjava", "reactor");

  private Frameworks() {}

  /**
   * Returns the frameworks whose adapter can run here ({@link #NAMES} in order).
   *
   * @return the names {@link #create} accepts
   */
  public static List<String> available() {
    return NAMES;
  }

  /**
   * Creates a fresh adapter.
   *
   * @param name one of {@link #NAMES}
   * @return a new adapter instance with nothing built yet
   * @throws IllegalArgumentException when the name is unknown
   */
  public static ReactiveFramework create(String name) {
    return switch (name) {
      case "weft" -> new WeftFramework();
      case "javafx" -> new JavaFxFramework();
      case "vaadin" -> new VaadinFramework();
      case "sodium" -> new SodiumFramework();
      case "compose" -> new ComposeFramework();
      case "rxjava" -> new RxJavaFramework();
      case "reactor" -> new ReactorFramework();
      default ->
          throw new IllegalArgumentException(
              "unknown framework '" + name + "': use one of " + NAMES);
    };
  }
}
