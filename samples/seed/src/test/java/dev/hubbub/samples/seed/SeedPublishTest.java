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
 * default-mode {@code signalr.module.bicep} is a verbatim copy of the seed's Bicep. The {@code aspire-13/} and
 * {@code container-apps/} cases are the same app hosts with {@code --output-format aspire-13} and
 * {@code --publisher azure}. Regenerate with
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
                Arguments.of("default-mode-emulator", (Consumer<String[]>) DefaultModeAppHost::main),
                // Aspire 13's manifest and modules (--output-format aspire-13).
                Arguments.of("aspire-13/default-mode", (Consumer<String[]>) AddSignalRAppHost::main),
                Arguments.of("aspire-13/serverless-emulator", (Consumer<String[]>) EmulatorAppHost::main),
                Arguments.of("aspire-13/existing", (Consumer<String[]>) ExistingSignalRAppHost::main),
                // Azure Container Apps (--publisher azure): main.bicep and one folder per module.
                Arguments.of("container-apps/default-mode", (Consumer<String[]>) AddSignalRAppHost::main),
                Arguments.of("container-apps/serverless-emulator", (Consumer<String[]>) EmulatorAppHost::main),
                Arguments.of("container-apps/default-mode-emulator", (Consumer<String[]>) DefaultModeAppHost::main));
    }

    private static String[] arguments(String name, Path out) {
        if (name.startsWith("aspire-13/")) {
            return new String[] {"--publisher", "manifest", "--output-format", "aspire-13", "--output-path", out.toString()};
        }
        if (name.startsWith("container-apps/")) {
            return new String[] {"--publisher", "azure", "--output-path", out.toString()};
        }
        return new String[] {"--publisher", "manifest", "--output-path", out.toString()};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void publishOutputMatchesTheGoldenFiles(String name, Consumer<String[]> appHost, @TempDir Path out)
            throws IOException {
        appHost.accept(arguments(name, out));

        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("hubbub.golden.update")) {
            Files.createDirectories(golden);
            for (String f : names(golden)) {
                Files.delete(golden.resolve(f));
            }
            for (String f : names(out)) {
                Files.createDirectories(golden.resolve(f).getParent());
                Files.writeString(golden.resolve(f), read(out.resolve(f)) + "\n", StandardCharsets.UTF_8);
            }
        }
        assertThat(names(out)).as("files written for %s", name).isEqualTo(names(golden));
        for (String f : names(golden)) {
            assertThat(read(out.resolve(f))).as("%s/%s", name, f).isEqualTo(read(golden.resolve(f)));
        }
    }

    /** Files under {@code dir}, as relative paths with {@code /}. */
    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return new TreeSet<>(files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/')).toList());
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
