package dev.weft.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed dotted path: keys separated by {@code .}, with {@code \.} for a literal dot and {@code \\}
 * for a literal backslash inside a key. Immutable.
 *
 * @param text the path as written
 * @param keys the keys, unescaped; never empty, no key is empty
 */
record StatePath(String text, List<String> keys) {

  /**
   * Parses {@code path}.
   *
   * @throws NullPointerException if {@code path} is null
   * @throws IllegalArgumentException if the path is empty, has an empty key (leading, trailing or
   *     double dot) or a backslash not followed by {@code .} or {@code \}
   */
  static StatePath parse(String path) {
    Objects.requireNonNull(path, "path");
    List<String> keys = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    boolean keyStarted = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        if (i + 1 == path.length()) {
          throw malformed(path, "it ends with a lone backslash at index " + i);
        }
        char escaped = path.charAt(++i);
        if (escaped != '.' && escaped != '\\') {
          throw malformed(path, "'\\" + escaped + "' at index " + (i - 1) + " is not an escape");
        }
        key.append(escaped);
        keyStarted = true;
      } else if (c == '.') {
        if (!keyStarted) {
          throw malformed(path, "the key before index " + i + " is empty");
        }
        keys.add(key.toString());
        key.setLength(0);
        keyStarted = false;
      } else {
        key.append(c);
        keyStarted = true;
      }
    }
    if (!keyStarted) {
      throw malformed(path, path.isEmpty() ? "it is empty" : "it ends with a dot");
    }
    keys.add(key.toString());
    return new StatePath(path, List.copyOf(keys));
  }

  private static IllegalArgumentException malformed(String path, String why) {
    return new IllegalArgumentException(
        "malformed state path '"
            + path
            + "': "
            + why
            + ". Keys are separated by '.'; write a literal dot in a key as '\\.' and a backslash as"
            + " '\\\\' (SessionState.escape does it).");
  }

  /** Escapes one key so that it can be used as a path segment. */
  static String escape(String key) {
    Objects.requireNonNull(key, "key");
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  int size() {
    return keys.size();
  }

  String key(int i) {
    return keys.get(i);
  }

  String last() {
    return keys.getLast();
  }

  /** Returns whether {@code this} is {@code other} or one of its ancestors. */
  boolean isPrefixOf(StatePath other) {
    return keys.size() <= other.keys.size() && other.keys.subList(0, keys.size()).equals(keys);
  }

  /** Returns whether one of the two paths is the other or an ancestor of it. */
  boolean overlaps(StatePath other) {
    return isPrefixOf(other) || other.isPrefixOf(this);
  }

  /** The path of the first {@code n} keys, for messages. */
  String prefixText(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append('.');
      }
      out.append(escape(keys.get(i)));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
