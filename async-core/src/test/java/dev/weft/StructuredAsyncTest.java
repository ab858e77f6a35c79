package dev.weft;

import org.junit.jupiter.api.AfterEach;

/** The async suite under {@link TaskFactory#structured()}. */
class StructuredAsyncTest extends AsyncSuite {
  private final StructuredTaskFactory structured = TaskFactory.structured();

  @Override
  TaskFactory factory() {
    return structured;
  }

  @AfterEach
  void closeFactory() {
    structured.close();
  }
}
