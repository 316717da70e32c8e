package dev.hubbub.test.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of {@code docs/testing.md} marked {@code <!-- source: path -->} appears, line for line and
 * indentation included, in that source file, which the build compiles and runs: the guide's examples cannot drift.
 * (The pattern of {@code samples/seed}'s test of the same name.)
 */
class DocsExamplesTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern BLOCK = Pattern.compile("<!-- source: (\\S+) -->\\s*```(?:java|json)\\n(.*?)```",
      Pattern.DOTALL);

  @Test
  void javaExamplesOfTheTestingGuideAreCopiedFromCompiledSources() throws IOException {
    String text = Files.readString(ROOT.resolve("docs/testing.md"), StandardCharsets.UTF_8);
    Matcher m = BLOCK.matcher(text);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      Path source = ROOT.resolve(m.group(1));
      assertThat(source).as("source named in docs/testing.md").isRegularFile();
      String code = Files.readString(source, StandardCharsets.UTF_8);
      assertThat(code).as("docs/testing.md block from %s", m.group(1)).contains(m.group(2));
      checked.add(m.group(1));
    }
    assertThat(checked).as("marked blocks").hasSize(5).contains(
        "hubbub-test/src/test/java/dev/hubbub/test/examples/ServerlessChatTest.java",
        "hubbub-test/src/test/java/dev/hubbub/test/examples/HubServerBehindServiceTest.java",
        "hubbub-test/src/test/java/dev/hubbub/test/examples/RegisteredInCodeTest.java",
        "hubbub-test/src/test/java/dev/hubbub/test/examples/ClientExamplesTest.java");
  }
}
