package dev.weft.bench.dynamic;

import java.util.Objects;

/**
 * The js-reactivity-benchmark's {@code pseudoRandom()}: sfc32 seeded with four outputs of
 * xmur3a({@code "seed"}) (both from bryc's public-domain PRNG collection), in 32-bit int
 * arithmetic with {@code >>>}, so it yields exactly the JavaScript sequence.
 *
 * <p>Threading: not thread-safe; each graph construction uses its own instances.
 */
public final class PseudoRandom {

  private int a;
  private int b;
  private int c;
  private int d;

  private PseudoRandom(int a, int b, int c, int d) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /**
   * Creates the generator the benchmark uses: {@code sfc32} seeded by {@code xmur3a("seed")}.
   *
   * @return a fresh generator
   */
  public static PseudoRandom create() {
    return create("seed");
  }

  /**
   * Creates a generator seeded by {@code xmur3a(seed)}.
   *
   * @param seed the seed string
   * @return a fresh generator
   */
  public static PseudoRandom create(String seed) {
    Objects.requireNonNull(seed, "seed");
    int[] hash = xmur3a(seed, 4);
    return new PseudoRandom(hash[0], hash[1], hash[2], hash[3]);
  }

  /**
   * Returns the next value of sfc32.
   *
   * @return a number in [0, 1), with 32 random bits
   */
  public double next() {
    int t = a + b;
    a = b ^ (b >>> 9);
    b = c + (c << 3);
    c = (c << 21) | (c >>> 11);
    d = d + 1;
    t = t + d;
    c = c + t;
    return (t & 0xFFFF_FFFFL) / 4294967296.0;
  }

  /**
   * The first {@code count} outputs of MurmurHash3's seed generator xmur3a over {@code str}'s
   * UTF-16 code units, as unsigned 32-bit values held in ints.
   */
  static int[] xmur3a(String str, int count) {
    int h = 0x811C9DC5; // 2166136261
    for (int i = 0; i < str.length(); i++) {
      int k = str.charAt(i) * 0xCC9E2D51; // 3432918353
      k = (k << 15) | (k >>> 17);
      h ^= k * 0x1B873593; // 461845907
      h = (h << 13) | (h >>> 19);
      h = h * 5 + 0xE6546B64; // 3864292196
    }
    h ^= str.length();
    int[] out = new int[count];
    for (int n = 0; n < count; n++) {
      h ^= h >>> 16;
      h *= 0x85EBCA6B; // 2246822507
      h ^= h >>> 13;
      h *= 0xC2B2AE35; // 3266489909
      h ^= h >>> 16;
      out[n] = h;
    }
    return out;
  }
}
