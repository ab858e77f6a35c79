package dev.weft;

/**
 * A run handed to a {@link TaskFactory}, carrying the node's name so that Weft's own factories can name
 * their threads {@code weft-<node>-N}. User factories see a plain {@link Runnable}; wrapping it keeps
 * the name visible to the factory they delegate to only if they pass this object on unchanged.
 */
final class NamedWork implements Runnable {
  private final String nodeName;
  private final Runnable work;

  NamedWork(String nodeName, Runnable work) {
    this.nodeName = nodeName;
    this.work = work;
  }

  String nodeName() {
    return nodeName;
  }

  @Override
  public void run() {
    work.run();
  }

  @Override
  public String toString() {
    return "run of " + nodeName;
  }

  /** Returns the node name carried by {@code work}, or "task" for foreign runnables. */
  static String nameOf(Runnable work) {
    return work instanceof NamedWork named ? named.nodeName : "task";
  }
}
