package dev.weft;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The pure functions of the differential test: small expression trees over node values. The same
 * tree is evaluated by the kernel (each read goes through {@code ReadableSignal.get()}) and by the
 * oracle (each read recomputes the node from scratch), so any difference is the kernel's.
 * {@link Cond} reads one branch or the other, which makes dependencies dynamic; {@link Mod} and
 * {@link Min} map many inputs to one output, which exercises equality cut-off; {@link Fail} throws,
 * which exercises error caching.
 */
sealed interface FuzzExpr {

  /** Reads a node's value; throws {@link FuzzError} if that node's value is a failure. */
  @FunctionalInterface
  interface Reader {
    int read(int node);
  }

  /** Thrown by {@link Fail}: a user function that fails for some inputs. */
  final class FuzzError extends RuntimeException {
    final int origin;

    FuzzError(int origin) {
      super("fuzz failure of n" + origin, null, true, false);
      this.origin = origin;
    }
  }

  /** A failed value in the oracle and in read logs: failures compare equal by origin. */
  record Err(int origin) {
    @Override
    public String toString() {
      return "ERR(n" + origin + ")";
    }
  }

  int eval(Reader r);

  /** Adds every node this expression may read (any branch). */
  void refs(Set<Integer> out);

  /** Whether evaluating this may throw without any input failing. */
  boolean mayFail();

  record Ref(int node) implements FuzzExpr {
    public int eval(Reader r) {
      return r.read(node);
    }

    public void refs(Set<Integer> out) {
      out.add(node);
    }

    public boolean mayFail() {
      return false;
    }

    @Override
    public String toString() {
      return "n" + node;
    }
  }

  record Const(int value) implements FuzzExpr {
    public int eval(Reader r) {
      return value;
    }

    public void refs(Set<Integer> out) {}

    public boolean mayFail() {
      return false;
    }

    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  record Add(FuzzExpr a, FuzzExpr b) implements FuzzExpr {
    public int eval(Reader r) {
      return a.eval(r) + b.eval(r);
    }

    public void refs(Set<Integer> out) {
      a.refs(out);
      b.refs(out);
    }

    public boolean mayFail() {
      return a.mayFail() || b.mayFail();
    }

    @Override
    public String toString() {
      return "(" + a + " + " + b + ")";
    }
  }

  record Mod(FuzzExpr a, int m) implements FuzzExpr {
    public int eval(Reader r) {
      return Math.floorMod(a.eval(r), m);
    }

    public void refs(Set<Integer> out) {
      a.refs(out);
    }

    public boolean mayFail() {
      return a.mayFail();
    }

    @Override
    public String toString() {
      return "(" + a + " mod " + m + ")";
    }
  }

  record Min(FuzzExpr a, int c) implements FuzzExpr {
    public int eval(Reader r) {
      return Math.min(a.eval(r), c);
    }

    public void refs(Set<Integer> out) {
      a.refs(out);
    }

    public boolean mayFail() {
      return a.mayFail();
    }

    @Override
    public String toString() {
      return "min(" + a + ", " + c + ")";
    }
  }

  /** {@code cond even ? a : b}: only the taken branch is read. */
  record Cond(FuzzExpr cond, FuzzExpr a, FuzzExpr b) implements FuzzExpr {
    public int eval(Reader r) {
      return cond.eval(r) % 2 == 0 ? a.eval(r) : b.eval(r);
    }

    public void refs(Set<Integer> out) {
      cond.refs(out);
      a.refs(out);
      b.refs(out);
    }

    public boolean mayFail() {
      return cond.mayFail() || a.mayFail() || b.mayFail();
    }

    @Override
    public String toString() {
      return "(" + cond + " even ? " + a + " : " + b + ")";
    }
  }

  /** Throws {@link FuzzError} naming {@code owner} when {@code a mod 5 == k}; else {@code a}. */
  record Fail(FuzzExpr a, int k, int owner) implements FuzzExpr {
    public int eval(Reader r) {
      int v = a.eval(r);
      if (Math.floorMod(v, 5) == k) {
        throw new FuzzError(owner);
      }
      return v;
    }

    public void refs(Set<Integer> out) {
      a.refs(out);
    }

    public boolean mayFail() {
      return true;
    }

    @Override
    public String toString() {
      return "failIf(" + a + " mod 5 == " + k + ")";
    }
  }

  /**
   * A random expression of at most {@code depth} levels over {@code nodes}; {@code owner} names the
   * node a {@link Fail} reports. Leaves favour the most recent nodes, so chains get deep.
   */
  static FuzzExpr random(SplittableRandom rnd, List<Integer> nodes, int depth, int owner, boolean allowFail) {
    if (depth == 0 || rnd.nextInt(100) < 35) {
      if (nodes.isEmpty() || rnd.nextInt(100) < 3) {
        return new Const(rnd.nextInt(4));
      }
      int i = rnd.nextInt(100) < 50
          ? nodes.size() - 1 - rnd.nextInt(Math.min(3, nodes.size()))
          : rnd.nextInt(nodes.size());
      return new Ref(nodes.get(i));
    }
    int kind = rnd.nextInt(100);
    if (kind < 30) {
      return new Add(random(rnd, nodes, depth - 1, owner, allowFail), random(rnd, nodes, depth - 1, owner, allowFail));
    } else if (kind < 50) {
      return new Mod(random(rnd, nodes, depth - 1, owner, allowFail), 2 + rnd.nextInt(3));
    } else if (kind < 60) {
      return new Min(random(rnd, nodes, depth - 1, owner, allowFail), rnd.nextInt(6));
    } else if (kind < 92 || !allowFail) {
      return new Cond(random(rnd, nodes, depth - 1, owner, allowFail),
          random(rnd, nodes, depth - 1, owner, allowFail), random(rnd, nodes, depth - 1, owner, allowFail));
    } else {
      return new Fail(random(rnd, nodes, depth - 1, owner, allowFail), rnd.nextInt(5), owner);
    }
  }
}
