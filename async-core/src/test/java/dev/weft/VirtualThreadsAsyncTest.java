package dev.weft;

/** The async suite under {@link TaskFactory#virtualThreads()}. */
class VirtualThreadsAsyncTest extends AsyncSuite {
  @Override
  TaskFactory factory() {
    return TaskFactory.virtualThreads();
  }
}
