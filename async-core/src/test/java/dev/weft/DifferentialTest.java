package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the synchronous kernel against a from-scratch oracle: see {@link FuzzCase} for
 * what is generated and checked.
 *
 * <p>System properties (pass them to Maven with {@code -D}):
 * <ul>
 *   <li>{@code weft.fuzz.cases}: how many cases (default 10,000, a few seconds);
 *   <li>{@code weft.fuzz.seed}: the base seed (default fixed, so CI is reproducible; {@code random}
 *       picks one and prints it);
 *   <li>{@code weft.fuzz.case}: run only this case index (to replay a failure).
 * </ul>
 * A million cases: {@code ./mvnw -B -o -q -pl async-core verify -Dtest=DifferentialTest
 * -Dweft.fuzz.cases=1000000 -Dweft.fuzz.seed=random}. Every failure names the base seed and the case
 * index, and prints the exact property set that replays it.
 */
class DifferentialTest {
  static final long DEFAULT_SEED = 0x5EED_2025_0001L;

  static long baseSeed() {
    String s = System.getProperty("weft.fuzz.seed");
    if (s == null || s.isBlank()) {
      return DEFAULT_SEED;
    }
    if (s.equals("random")) {
      long seed = new SplittableRandom().nextLong();
      System.out.println("weft.fuzz.seed=" + seed);
      return seed;
    }
    return Long.decode(s);
  }

  /** The seed of case {@code index} under {@code base}: independent streams per case. */
  static long caseSeed(long base, long index) {
    return new SplittableRandom(base).split().nextLong() ^ (index * 0x9E3779B97F4A7C15L);
  }

  @Nested
  class RandomGraphsAgainstTheOracle {
    @Test
    void everyReadEffectRunAndErrorMatchesTheOracle() {
      long base = baseSeed();
      Integer only = Integer.getInteger("weft.fuzz.case");
      int cases = Integer.getInteger("weft.fuzz.cases", 10_000);
      int from = only != null ? only : 0;
      int to = only != null ? only + 1 : cases;
      long started = System.nanoTime();
      for (int i = from; i < to; i++) {
        long seed = caseSeed(base, i);
        FuzzCase.Result r = new FuzzCase(seed, FuzzCase.Mutant.NONE).run();
        if (r.failure() != null) {
          fail("differential case " + i + " of base seed " + base + " failed; replay with"
              + " -Dtest=DifferentialTest -Dweft.fuzz.seed=" + base + " -Dweft.fuzz.case=" + i
              + "\n" + r.failure());
        }
        if (i % 8 == 0) { // the same case on a fresh graph runs the same computations in the same order
          FuzzCase.Result again = new FuzzCase(seed, FuzzCase.Mutant.NONE).run();
          if (!again.events().equals(r.events())) {
            fail("case " + i + " of base seed " + base + " is not deterministic: " + r.events() + " vs "
                + again.events());
          }
        }
        if (cases >= 100_000 && i % 100_000 == 0 && i > 0) {
          System.out.printf("differential: %,d cases in %,d ms%n", i, (System.nanoTime() - started) / 1_000_000);
        }
      }
    }
  }

  /**
   * The same with async derived values (read with {@code await()}, also from sync deriveds and effects)
   * and async effects, all on {@link TaskFactory#inline()}: runs are deterministic, and an async
   * effect's failure must reach the graph's error handler instead of the writer. Its own case count:
   * {@code weft.fuzz.asyncCases} (default 5,000); same seed and replay properties.
   */
  @Nested
  class RandomGraphsWithInlineAsyncNodes {
    @Test
    void everyReadRunAndErrorMatchesTheOracle() {
      long base = baseSeed() ^ 0xA5A5_A5A5L;
      Integer only = Integer.getInteger("weft.fuzz.case");
      int cases = Integer.getInteger("weft.fuzz.asyncCases", 5_000);
      int from = only != null ? only : 0;
      int to = only != null ? only + 1 : cases;
      for (int i = from; i < to; i++) {
        long seed = caseSeed(base, i);
        FuzzCase.Result r = new FuzzCase(seed, FuzzCase.Mutant.NONE, true).run();
        if (r.failure() != null) {
          fail("async differential case " + i + " of base seed " + (base ^ 0xA5A5_A5A5L) + " failed; replay with"
              + " -Dtest='DifferentialTest$RandomGraphsWithInlineAsyncNodes' -Dweft.fuzz.seed="
              + (base ^ 0xA5A5_A5A5L) + " -Dweft.fuzz.case=" + i + "\n" + r.failure());
        }
      }
    }
  }

  /** The checker itself: a broken kernel must not pass. Guards against a checker that cannot fail. */
  @Nested
  class TheCheckerCatchesBrokenKernels {
    private int failuresAmong(FuzzCase.Mutant mutant, int cases) {
      int failures = 0;
      for (int i = 0; i < cases; i++) {
        if (new FuzzCase(caseSeed(DEFAULT_SEED, i), mutant).run().failure() != null) {
          failures++;
        }
      }
      return failures;
    }

    @Test
    void aDerivedThatServesStaleValuesIsCaught() {
      int failures = failuresAmong(FuzzCase.Mutant.STALE_READ, 300);
      assertTrue(failures > 30, "a stale derived must fail many cases; failed " + failures);
    }

    @Test
    void anEffectThatRerunsWithoutAChangeIsCaught() {
      int failures = failuresAmong(FuzzCase.Mutant.EXTRA_EFFECT_RUN, 300);
      assertTrue(failures > 30, "an effect rerun for nothing must fail many cases; failed " + failures);
    }

    @Test
    void theUnbrokenKernelPassesTheSameCases() {
      assertEquals(0, failuresAmong(FuzzCase.Mutant.NONE, 300));
    }
  }
}
