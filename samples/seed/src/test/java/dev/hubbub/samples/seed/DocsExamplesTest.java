package dev.hubbub.samples.seed;

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
 * Every Java (or JSON) block of {@code docs/apphost.md}, {@code docs/server.md} and {@code README.md} marked
 * {@code <!-- source: path -->} appears, line for line and indentation included, in that source file, which the build
 * compiles (and, for {@code samples/seed}, {@code SeedHubServerTest} runs): the guides' examples cannot drift.
 */
class DocsExamplesTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern BLOCK = Pattern.compile("<!-- source: (\\S+) -->\\s*```(?:java|json)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void javaExamplesOfTheAppHostGuideAreCopiedFromCompiledSources() throws IOException {
        assertThat(checkBlocks("docs/apphost.md")).as("marked blocks").hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void examplesOfTheHubServerGuideAreCopiedFromTheSeedSamples() throws IOException {
        assertThat(checkBlocks("docs/server.md")).as("marked blocks")
                .contains("samples/seed/src/main/java/dev/hubbub/samples/seed/ChatHubServer.java",
                        "samples/seed/hubserver/appsettings.json",
                        "samples/seed/src/main/java/dev/hubbub/samples/seed/CodeOptionsChatHubServer.java",
                        "hubbub-server/src/test/java/dev/hubbub/server/docs/GuideExamples.java");
    }

    @Test
    void javaExamplesOfTheReadmeAreCopiedFromCompiledSources() throws IOException {
        assertThat(checkBlocks("README.md")).as("marked blocks").hasSizeGreaterThanOrEqualTo(2);
    }

    private static List<String> checkBlocks(String document) throws IOException {
        String text = Files.readString(ROOT.resolve(document), StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(text);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path source = ROOT.resolve(m.group(1));
            assertThat(source).as("source named in %s", document).isRegularFile();
            String code = Files.readString(source, StandardCharsets.UTF_8);
            assertThat(code).as("%s block from %s", document, m.group(1)).contains(m.group(2));
            checked.add(m.group(1));
        }
        return checked;
    }
}
