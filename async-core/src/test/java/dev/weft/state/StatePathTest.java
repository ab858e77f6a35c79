package dev.weft.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatePathTest {

  @Nested
  class Parsing {
    @Test
    void splitsOnUnescapedDots() {
      assertEquals(List.of("a", "b", "c"), StatePath.parse("a.b.c").keys());
      assertEquals(List.of("single"), StatePath.parse("single").keys());
    }

    @Test
    void unescapesDotsAndBackslashes() {
      assertEquals(List.of("files", "a.txt"), StatePath.parse("files.a\\.txt").keys());
      assertEquals(List.of("back\\slash", "x"), StatePath.parse("back\\\\slash.x").keys());
      assertEquals(List.of("."), StatePath.parse("\\.").keys());
    }

    @Test
    void rejectsMalformedPathsNamingThem() {
      for (String bad : List.of("", ".", "a.", ".a", "a..b", "a\\", "a\\x", "a.\\n")) {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> StatePath.parse(bad), bad);
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
      }
    }

    @Test
    void nullIsANullPointerNamingThePath() {
      assertEquals("path", assertThrows(NullPointerException.class, () -> StatePath.parse(null)).getMessage());
    }
  }

  @Nested
  class Escaping {
    @Test
    void escapeAndPathRoundTrip() {
      String path = SessionState.path("files", "a.txt", "back\\slash");
      assertEquals("files.a\\.txt.back\\\\slash", path);
      assertEquals(List.of("files", "a.txt", "back\\slash"), StatePath.parse(path).keys());
      assertEquals("a\\.b", SessionState.escape("a.b"));
      assertThrows(IllegalArgumentException.class, () -> SessionState.path());
      assertThrows(IllegalArgumentException.class, () -> SessionState.path("a", ""));
    }
  }

  @Nested
  class Relations {
    @Test
    void overlapMeansSamePathAncestorOrDescendant() {
      StatePath user = StatePath.parse("user");
      StatePath name = StatePath.parse("user.name");
      StatePath other = StatePath.parse("username");
      assertTrue(user.isPrefixOf(name));
      assertFalse(name.isPrefixOf(user));
      assertTrue(user.overlaps(name) && name.overlaps(user) && user.overlaps(user));
      assertFalse(user.overlaps(other), "prefixes compare whole keys, not characters");
      assertFalse(StatePath.parse("a\\.b").overlaps(StatePath.parse("a.b")));
    }
  }
}
