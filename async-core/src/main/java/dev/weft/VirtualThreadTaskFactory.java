package dev.weft;

/** {@link TaskFactory#virtualThreads()}: one new, named virtual thread per run. Stateless. */
final class VirtualThreadTaskFactory implements TaskFactory {
  static final VirtualThreadTaskFactory INSTANCE = new VirtualThreadTaskFactory();

  private VirtualThreadTaskFactory() {}

  @Override
  public Task start(Runnable work) {
    java.util.Objects.requireNonNull(work, "work");
    ThreadTask task = new ThreadTask(work);
    Thread.ofVirtual().name(ThreadTask.threadName(work)).start(task::runOnCurrentThread);
    return task;
  }

  @Override
  public String toString() {
    return "TaskFactory.virtualThreads()";
  }
}
