package dev.hubbub.samples.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed app hosts' {@code main} in run mode: {@code run()} blocks; interrupting it stops everything.
 * Children's prefixed output is captured from {@code System.out}, the app host's own lines from {@code System.err}.
 */
class SeedRunModeTest {

    private OutputCapture capture;

    @BeforeEach
    void capture() {
        capture = new OutputCapture();
    }

    @AfterEach
    void restore() {
        capture.close();
    }

    private String output() {
        return capture.text();
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
}
