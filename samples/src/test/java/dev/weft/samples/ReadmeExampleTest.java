package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Keeps the README's example true: it is the body of {@link ReadmeExample} and prints what it says. */
class ReadmeExampleTest {

  private static List<String> between(List<String> lines, String begin, String end) {
    int from = lines.indexOf(begin);
    int to = lines.subList(from + 1, lines.size()).indexOf(end) + from + 1;
    assertTrue(from >= 0 && to > from, "markers '" + begin + "' ... '" + end + "' not found");
    return lines.subList(from + 1, to);
  }

  @Nested
  class Readme {
    @Test
    void showsExactlyTheExampleThatRuns() throws IOException {
      List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
      List<String> block = between(readme, "```java", "```");
      Path example = Path.of("src/main/java/dev/weft/samples/ReadmeExample.java");
      List<String> source = between(Files.readAllLines(example).stream().map(String::strip).toList(),
          "// --- README example begins ---", "// --- README example ends ---");
      assertEquals(15, block.size(), "the README promises a 15-line example");
      assertEquals("import static dev.weft.Weft.*;", block.getFirst());
      assertEquals(source.stream().filter(l -> !l.isEmpty()).toList(),
          block.subList(1, block.size()).stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
  }

  @Nested
  class Example {
    @Test
    void printsWhatItsCommentsPromise() {
      PrintStream original = System.out;
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      try {
        ReadmeExample.main(new String[0]);
      } finally {
        System.setOut(original);
      }
      assertEquals(List.of("Weather in Paris", "Paris: 12.5 C", "Weather in Oslo", "Oslo: 3.0 F"),
          buffer.toString(StandardCharsets.UTF_8).lines().toList());
    }
  }
}
