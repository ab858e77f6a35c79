package dev.weft.bench.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The expectations a scenario checked and the ones that failed. A scenario calls {@link #fail}
 * (or {@link #expect}) instead of throwing, so a framework that glitches, skips batching or
 * computes a wrong value runs to the end and is recorded as failing, never as faster.
 *
 * <p>Threading: confined to the thread running the scenario.
 */
public final class Checks {

  /** How many failure messages are kept; the count goes on. */
  private static final int KEPT_MESSAGES = 5;

  private final String subject;
  private long failures;
  private final List<String> messages = new ArrayList<>();

  /**
   * Creates an empty record.
   *
   * @param subject what is checked, such as {@code "kairo diamond on rxjava"}, for messages
   */
  public Checks(String subject) {
    this.subject = Objects.requireNonNull(subject, "subject");
  }

  /**
   * Records a failed expectation.
   *
   * @param what the expectation, such as {@code "sum after write 3"}
   * @param expected the expected value
   * @param actual the observed value
   */
  public void fail(String what, Object expected, Object actual) {
    failures++;
    if (messages.size() < KEPT_MESSAGES) {
      messages.add(what + ": expected " + expected + " but was " + actual);
    }
  }

  /**
   * Records a failure that is an exception thrown by the framework.
   *
   * @param error what the framework threw
   */
  public void fail(RuntimeException error) {
    failures++;
    if (messages.size() < KEPT_MESSAGES) {
      messages.add("threw " + error);
    }
  }

  /**
   * Records a stack overflow of the framework as a failure: a library that recurses once per graph
   * level cannot run a deep scenario (cellx 2500, the 500-layer dynamic graph) on the default
   * thread stack. The error is reported, not hidden: it is this scenario's verdict, and the graph
   * that overflowed is discarded.
   *
   * @param error the overflow
   */
  public void fail(StackOverflowError error) {
    failures++;
    if (messages.size() < KEPT_MESSAGES) {
      messages.add("StackOverflowError: the library recursed deeper than the thread stack allows");
    }
  }

  /**
   * Checks an {@code int} expectation.
   *
   * @param what the expectation, for the message
   * @param expected the expected value
   * @param actual the observed value
   */
  public void expect(String what, long expected, long actual) {
    if (expected != actual) {
      fail(what, expected, actual);
    }
  }

  /**
   * Checks a {@code double} expectation (exact: the ported scenarios are deterministic).
   *
   * @param what the expectation, for the message
   * @param expected the expected value
   * @param actual the observed value
   */
  public void expect(String what, double expected, double actual) {
    if (Double.compare(expected, actual) != 0) {
      fail(what, expected, actual);
    }
  }

  /**
   * Returns the number of failed expectations so far.
   *
   * @return zero when everything checked held
   */
  public long failures() {
    return failures;
  }

  /**
   * Tells whether every expectation held.
   *
   * @return {@code true} when no expectation failed
   */
  public boolean passed() {
    return failures == 0;
  }

  /**
   * Returns the first failure messages.
   *
   * @return up to five messages, oldest first
   */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  /**
   * Summarizes the record in one line: {@code PASS} or {@code FAIL} with the first messages.
   *
   * @return the summary, starting with {@code subject}
   */
  public String summary() {
    return subject
        + (failures == 0 ? ": PASS" : ": FAIL (" + failures + " failed checks) " + messages);
  }

  @Override
  public String toString() {
    return summary();
  }
}
