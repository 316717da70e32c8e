package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.apphost.internal.run.Orchestrator;
import dev.hubbub.apphost.internal.run.RedisPing;
import dev.hubbub.apphost.testapps.RedisPingApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code addRedis} in run mode with the real {@code redis-server} from the PATH (Debian's, at /usr/bin). */
class RedisRunModeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CONNECTION_STRING = Pattern.compile("localhost:(\\d+),password=([A-Za-z0-9]{22})");
    private RunningApplication app;
    private PrintStream err;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (err != null) {
            System.setErr(err);
        }
    }

    @Test
    void aReferencingProjectGetsTheConnectionStringAndPings() throws Exception {
        // slf4j-simple writes the app host's own log to System.err
        err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        var builder = TestBuilders.run();
        var cache = builder.addRedis("cache");
        builder.addProject("api", RedisPingApp.class).withReference(cache).waitFor(cache);
        app = Orchestrator.start(builder.build().resources(), new PrintStream(console, true, StandardCharsets.UTF_8),
                getClass().getClassLoader());

        app.awaitHealthy("cache", TIMEOUT);
        String cs = app.connectionString("cache");
        Matcher m = CONNECTION_STRING.matcher(cs);
        assertThat(m.matches()).as("Aspire's form, localhost:<port>,password=<22 letters and digits>").isTrue();
        String password = m.group(2);
        int port = Integer.parseInt(m.group(1));
        assertThat(RedisPing.ping("127.0.0.1", port, password, Duration.ofSeconds(5))).isEqualTo("PONG");

        await().atMost(TIMEOUT).until(() -> app.logs("api").contains("[api] PING=PONG"));
        assertThat(app.logs("api")).contains("[api] HOST=localhost", "[api] URI_HAS_PASSWORD=true");
        assertThat(app.stateHistory()).containsSubsequence("api:Waiting", "cache:Running", "cache:Healthy", "api:Starting");

        // the password is on no command line and in no file of redis-server's
        long pid = app.pid("cache").orElseThrow();
        ProcessHandle redis = ProcessHandle.of(pid).orElseThrow();
        assertThat(redis.info().commandLine().orElse("")).doesNotContain(password);
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).doesNotContain(password).contains("redis-server");
        // a wrong password is refused, and the refusal does not echo it
        assertThatThrownBy(() -> RedisPing.ping("127.0.0.1", port, "wrong-" + password, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).hasMessageContaining("refused AUTH").hasMessageNotContaining(password);
        assertThat(cache.resource().toString()).doesNotContain(password);
        assertThat(cache.resource().connectionStringExpression().toString()).doesNotContain(password);
        assertThat(cache.resource().passwordParameter().toString()).doesNotContain(password);

        app.close();
        await().atMost(TIMEOUT).until(() -> !redis.isAlive());
        assertThat(app.state("cache").isTerminal()).isTrue();
        System.setErr(err);
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("[cache] Healthy: PING answered PONG")
                .doesNotContain(password);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cache]").doesNotContain(password);
    }

    @Test
    void aHubServerProjectTakesTheBackplaneByReference() {
        var builder = dev.hubbub.apphost.docs.RedisAppHostExample.model(TestBuilders.run());
        app = builder.build().start();
        await().atMost(TIMEOUT).until(() -> app.logs("hub").stream().anyMatch(l -> l.startsWith("[hub] backplane ")));
        String password = app.connectionString("cache").replaceFirst(".*,password=", "");
        String line = app.logs("hub").stream().filter(l -> l.startsWith("[hub] backplane ")).findFirst().orElseThrow();
        assertThat(line).startsWith("[hub] backplane connected=true RedisBackplane[redis://***@localhost:")
                .doesNotContain(password);
        assertThat(app.state("hub")).isEqualTo(ResourceState.RUNNING);
    }

    @Test
    void aFixedPortAndAConfiguredPasswordAreUsed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var builder = TestBuilders.run(Map.of("Parameters__cache-password", "Configured-Secret-1"));
        builder.addRedis("cache", port);
        app = builder.build().start();
        app.awaitHealthy("cache", TIMEOUT);
        assertThat(app.connectionString("cache")).isEqualTo("localhost:" + port + ",password=Configured-Secret-1");
        assertThat(RedisPing.ping("localhost", port, "Configured-Secret-1", Duration.ofSeconds(5))).isEqualTo("PONG");
    }

    @Test
    void aPortInUseFailsWithRedisServersOwnWords() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var builder = TestBuilders.run();
            builder.addRedis("cache", taken.getLocalPort());
            app = builder.build().start();
            await().atMost(TIMEOUT).until(() -> app.state("cache").isTerminal());
            assertThat(app.failure("cache")).hasValueSatisfying(f -> assertThat(f)
                    .contains("Resource 'cache' exited unexpectedly").contains(Integer.toString(taken.getLocalPort())));
        }
    }

    @Test
    void withoutRedisServerOnThePathNothingStartsAndTheErrorSaysWhatToInstall(@TempDir Path emptyDir) {
        var builder = TestBuilders.run(Map.of("PATH", emptyDir.toString()));
        builder.addRedis("cache");
        DistributedApplication application = builder.build();
        assertThatThrownBy(application::start).isInstanceOf(DistributedApplicationException.class)
                .hasMessageContaining("Redis resource 'cache'")
                .hasMessageContaining("no redis-server on the PATH (PATH=" + emptyDir + ")")
                .hasMessageContaining("sudo apt-get install redis-server")
                .hasMessageContaining("brew install redis");
    }
}
