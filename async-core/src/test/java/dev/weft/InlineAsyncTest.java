package dev.weft;

/** The async suite under {@link TaskFactory#inline()}: runs on the caller's thread. */
class InlineAsyncTest extends AsyncSuite {
  @Override
  TaskFactory factory() {
    return TaskFactory.inline();
  }

  @Override
  boolean concurrent() {
    return false;
  }
}
