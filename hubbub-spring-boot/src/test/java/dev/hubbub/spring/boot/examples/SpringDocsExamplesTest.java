package dev.hubbub.spring.boot.examples;

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
 * Every Java block of {@code docs/testing.md} marked {@code <!-- source: path, checked by hubbub-spring-boot -->}
 * appears, line for line, in that source file of this module, which the build compiles and runs (the convention of
 * {@code hubbub-test}'s {@code DocsExamplesTest}, for the blocks whose sources live here).
 */
class SpringDocsExamplesTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern BLOCK = Pattern.compile(
      "<!-- source: (\\S+), checked by hubbub-spring-boot -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void springExamplesOfTheTestingGuideAreCopiedFromCompiledSources() throws IOException {
    String text = Files.readString(ROOT.resolve("docs/testing.md"), StandardCharsets.UTF_8);
    Matcher m = BLOCK.matcher(text);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      Path source = ROOT.resolve(m.group(1));
      assertThat(source).as("source named in docs/testing.md").isRegularFile();
      assertThat(Files.readString(source, StandardCharsets.UTF_8)).as("docs/testing.md block from %s", m.group(1))
          .contains(m.group(2));
      checked.add(m.group(1));
    }
    assertThat(checked).containsExactly(
        "hubbub-spring-boot/src/test/java/dev/hubbub/spring/boot/examples/ChatHubSpringBootTest.java",
        "hubbub-spring-boot/src/test/java/dev/hubbub/spring/boot/webflux/BehindServiceTest.java");
  }
}
