package dev.hubbub.apphost;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.spi.ToolProvider;

/** A small Java runtime made with jlink from the JDK running the tests, kept in target/ between runs. */
final class TestRuntimes {

    private static final Path RUNTIME = Path.of("target/test-java-runtime");

    private TestRuntimes() {
    }

    static synchronized Path javaBase() {
        if (Files.isExecutable(RUNTIME.resolve("bin/java"))) {
            return RUNTIME.toAbsolutePath();
        }
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "jlink is missing: the tests need a JDK, not a JRE."));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = jlink.run(ps, ps, "--add-modules", "java.base", "--strip-debug", "--no-man-pages",
                "--no-header-files", "--output", RUNTIME.toString());
        if (code != 0) {
            throw new IllegalStateException("jlink failed with exit code " + code + ": " + out.toString(StandardCharsets.UTF_8));
        }
        return RUNTIME.toAbsolutePath();
    }
}
