package dev.hubbub.samples.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed app hosts' {@code main} in run mode: {@code run()} blocks; interrupting it stops everything.
 * Children's prefixed output is captured from {@code System.out}.
 */
class SeedRunModeTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.out;
        System.setOut(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
    }

    private String output() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    private void runUntil(Consumer<String[]> main, String expected, String... args) throws InterruptedException {
        Thread host = new Thread(() -> main.accept(args), "seed-app-host");
        host.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> output().contains(expected));
        } finally {
            host.interrupt();
            host.join(15_000);
        }
        assertThat(host.isAlive()).as("run() returns once interrupted").isFalse();
    }

    @Test
    void connectionStringSwitchUsesConfigurationInRunMode() throws InterruptedException {
        runUntil(ConnectionStringAppHost::main,
                "[apiService] ApiService ConnectionStrings__signalr=Endpoint=https://example.service.signalr.net;AccessKey=k;Version=1.0;",
                "--ConnectionStrings:signalr", "Endpoint=https://example.service.signalr.net;AccessKey=k;Version=1.0;");
    }

    @Test
    void emulatorSnippetStartsTheEmulatorAndInjectsItsConnectionString() throws InterruptedException {
        runUntil(EmulatorAppHost::main, "AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;");
        assertThat(output()).containsPattern(
                "\\[apiService] ApiService ConnectionStrings__signalr=Endpoint=http://localhost:\\d+;AccessKey=");
    }

    /** Writes to the real stdout and to the capture buffer. */
    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream out;
        private final ByteArrayOutputStream copy;

        TeeStream(PrintStream out, ByteArrayOutputStream copy) {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            out.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }
    }
}
