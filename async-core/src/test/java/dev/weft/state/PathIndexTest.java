package dev.weft.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PathIndexTest {
  private final AtomicInteger created = new AtomicInteger();
  private final PathIndex<String> index = new PathIndex<>(() -> "v" + created.incrementAndGet());

  private String at(String path) {
    return index.valueFor(StatePath.parse(path));
  }

  private Set<String> affected(String path) {
    return new HashSet<>(index.affectedBy(StatePath.parse(path)));
  }

  @Nested
  class Values {
    @Test
    void areCreatedOncePerPathOnFirstRequest() {
      String ab = at("a.b");
      assertSame(ab, at("a.b"));
      assertEquals(1, created.get(), "intermediate nodes get no value until asked");
      at("a");
      assertEquals(2, created.get());
    }
  }

  @Nested
  class AffectedPaths {
    @Test
    void areTheRootAncestorsThePathAndEverythingBelowButNotSiblings() {
      String root = index.rootValue();
      String a = at("a");
      String ab = at("a.b");
      String abc = at("a.b.c");
      String ad = at("a.d");
      String e = at("e");
      String dotted = at("a\\.b");
      assertEquals(Set.of(root, a, ab, abc), affected("a.b"));
      assertEquals(Set.of(root, a, ab, abc, ad), affected("a"));
      assertEquals(Set.of(root, a, ab, abc), affected("a.b.c"));
      assertEquals(Set.of(root, a), affected("a.x.y"), "unknown below a: only a and the root");
      assertEquals(Set.of(root, e), affected("e"));
      assertEquals(Set.of(root, dotted), affected("a\\.b"));
      assertEquals(7, created.get(), "asking what is affected creates nothing");
    }

    @Test
    void isEmptyWhenNothingWasRequested() {
      assertEquals(List.of(), index.affectedBy(StatePath.parse("a.b")));
    }
  }
}
