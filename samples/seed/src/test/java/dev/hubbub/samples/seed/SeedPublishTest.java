package dev.hubbub.samples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each seed app host's {@code main} in publish mode and compares what it writes with the app host's
 * golden files ({@code src/test/resources/golden/<case>/}; only a trailing newline is ignored). The
 * default-mode {@code signalr.module.bicep} is a verbatim copy of the seed's Bicep. Regenerate with
 * {@code -Dhubbub.golden.update=true}, then review the diff by hand against the seed and the reference.
 */
class SeedPublishTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("default-mode", (Consumer<String[]>) AddSignalRAppHost::main),
                Arguments.of("configure-infrastructure", (Consumer<String[]>) ConfigureInfrastructureAppHost::main),
                Arguments.of("existing", (Consumer<String[]>) ExistingSignalRAppHost::main),
                Arguments.of("publish-mode-connection-string", (Consumer<String[]>) ConnectionStringAppHost::main),
                Arguments.of("serverless-emulator", (Consumer<String[]>) EmulatorAppHost::main),
                Arguments.of("serverless-emulator-host-port", (Consumer<String[]>) EmulatorHostPortAppHost::main),
                Arguments.of("serverless", (Consumer<String[]>) ServerlessAppHost::main),
                Arguments.of("connection-string-parameter", (Consumer<String[]>) ConnectionStringParameterAppHost::main),
                Arguments.of("default-mode-emulator", (Consumer<String[]>) DefaultModeAppHost::main));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void publishOutputMatchesTheGoldenFiles(String name, Consumer<String[]> appHost, @TempDir Path out)
            throws IOException {
        appHost.accept(new String[] {"--publisher", "manifest", "--output-path", out.toString()});

        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("hubbub.golden.update")) {
            Files.createDirectories(golden);
            for (String f : names(golden)) {
                Files.delete(golden.resolve(f));
            }
            for (String f : names(out)) {
                Files.copy(out.resolve(f), golden.resolve(f));
            }
        }
        assertThat(names(out)).as("files written for %s", name).isEqualTo(names(golden));
        for (String f : names(golden)) {
            assertThat(read(out.resolve(f))).as("%s/%s", name, f).isEqualTo(read(golden.resolve(f)));
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String read(Path p) throws IOException {
        String s = Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
        while (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
