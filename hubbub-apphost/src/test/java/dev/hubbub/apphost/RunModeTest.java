package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.internal.run.Orchestrator;
import dev.hubbub.apphost.testapps.ExitWithCode;
import dev.hubbub.apphost.testapps.FakeSignalREmulatorLauncher;
import dev.hubbub.apphost.testapps.HealthyHttpApp;
import dev.hubbub.apphost.testapps.PrintEnv;
import dev.hubbub.apphost.testapps.SpawnGrandchild;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Run mode with real child processes (tiny Java mains and {@code sh}). */
class RunModeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private RunningApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String line(RunningApplication app, String resource, String prefix) {
        await().atMost(TIMEOUT).until(() -> app.logs(resource).stream().anyMatch(l -> l.startsWith(prefix)));
        return app.logs(resource).stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void projectWaitsForHealthyEmulatorAndReceivesItsEnvironment() {
        FakeSignalREmulatorLauncher.unhealthy.set(3);
        var builder = TestBuilders.run(Map.of("Parameters__greeting", "hello"));
        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS).runAsEmulator();
        var greeting = builder.addParameter("greeting");
        builder.addProject("api", PrintEnv.class)
                .withArgs("ConnectionStrings__signalr", "OTEL_SERVICE_NAME", "GREETING", "K", "PORT")
                .withReference(signalR).waitFor(signalR)
                .withEnvironment("GREETING", greeting).withEnvironment("K", "V").withHttpEndpoint(0, "PORT");
        app = builder.build().start();

        app.awaitState("api", ResourceState.RUNNING, TIMEOUT);
        line(app, "api", "[api] ready");
        String cs = app.connectionString("signalr");
        assertThat(cs).matches("Endpoint=http://localhost:\\d+;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1\\.0;");
        assertThat(app.logs("api")).contains("[api] ConnectionStrings__signalr=" + cs, "[api] OTEL_SERVICE_NAME=api",
                "[api] GREETING=hello", "[api] K=V");
        assertThat(line(app, "api", "[api] PORT=")).matches("\\[api] PORT=\\d+");
        List<String> history = app.stateHistory();
        // The api waits, and starts only once the emulator is healthy; whether it begins waiting before or after the
        // emulator reports Running is a race between the two starts.
        assertThat(history).containsSubsequence("api:Waiting", "api:Starting", "api:Running");
        assertThat(history).containsSubsequence("signalr:Running", "signalr:Healthy", "api:Starting", "api:Running");
        assertThat(app.state("greeting")).isEqualTo(ResourceState.RUNNING);

        app.close();
        assertThat(FakeSignalREmulatorLauncher.open).hasValue(0);
        await().atMost(TIMEOUT).until(() -> app.state("api").isTerminal());
        assertThat(app.state("api")).isEqualTo(ResourceState.EXITED);
    }

    @Test
    void unexpectedExitIsReportedWithExitCodeAndLastLinesAndFailsDependants() {
        var builder = TestBuilders.run();
        var failing = builder.addProject("failing", ExitWithCode.class).withArgs("3");
        var missing = builder.addExecutable("missing", "/nonexistent/hubbub-test-command");
        builder.addExecutable("dependent", "sh", "-c", "echo never").waitFor(missing).waitFor(failing);
        app = builder.build().start();

        app.awaitState("failing", ResourceState.EXITED, TIMEOUT);
        assertThat(app.exitCode("failing")).hasValue(3);
        String failure = app.failure("failing").orElseThrow();
        assertThat(failure).startsWith("Resource 'failing' exited unexpectedly with exit code 3. Last 20 lines of output:\n")
                .endsWith("[failing] line 11\n[failing] line 12\n[failing] line 13\n[failing] line 14\n[failing] line 15\n"
                        + "[failing] line 16\n[failing] line 17\n[failing] line 18\n[failing] line 19\n[failing] line 20\n"
                        + "[failing] line 21\n[failing] line 22\n[failing] line 23\n[failing] line 24\n[failing] line 25\n"
                        + "[failing] line 26\n[failing] line 27\n[failing] line 28\n[failing] line 29\n[failing] line 30");
        assertThat(failure.split("\n")).hasSize(21);
        app.awaitState("dependent", ResourceState.FAILED_TO_START, TIMEOUT);
        assertThat(app.failure("dependent")).hasValueSatisfying(m ->
                assertThat(m).startsWith("Dependency resource 'missing' failed to start. Cannot start '/nonexistent/hubbub-test-command'"));
        assertThat(app.failure("missing")).hasValueSatisfying(m -> assertThat(m).contains("/nonexistent/hubbub-test-command"));
        assertThat(app.logs("dependent")).isEmpty();
    }

    @Test
    void stopLeavesNoOrphanGrandchild() {
        var builder = TestBuilders.run();
        builder.addProject("spawner", SpawnGrandchild.class);
        app = builder.build().start();

        long grandchild = Long.parseLong(line(app, "spawner", "[spawner] grandchild=").substring("[spawner] grandchild=".length()));
        Optional<ProcessHandle> handle = ProcessHandle.of(grandchild);
        assertThat(handle).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        long child = app.pid("spawner").orElseThrow();
        await().atMost(TIMEOUT).until(() -> ((Orchestrator) app).knownDescendants().stream().anyMatch(h -> h.pid() == grandchild));

        app.close();
        assertThat(handle.get().isAlive()).isFalse();
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void executableWaitsForHealthyProcessAndGetsEndpointEnvironment() {
        var builder = TestBuilders.run();
        var web = builder.addProject("web", HealthyHttpApp.class).withHttpEndpoint(0, "PORT").withHttpHealthCheck("/health");
        builder.addExecutable("after", "sh", "-c", "echo \"$K $WEB_PORT\"; echo oops >&2")
                .withEnvironment("K", "V").withEnvironment("WEB_PORT", web.endpoint("http")).waitFor(web);
        app = builder.build().start();

        app.awaitState("after", ResourceState.FINISHED, TIMEOUT);
        assertThat(app.exitCode("after")).hasValue(0);
        int port = web.resource().annotations(EndpointAnnotation.class).get(0).allocatedPort();
        assertThat(line(app, "after", "[after] V")).isEqualTo("[after] V http://localhost:" + port);
        assertThat(line(app, "after", "[after] oops")).as("stderr is streamed too").isEqualTo("[after] oops");
        assertThat(app.stateHistory()).containsSubsequence("web:Running", "web:Healthy", "after:Starting", "after:Finished");
    }

    @Test
    void processFailingItsHealthCheckBecomesRuntimeUnhealthy() {
        var builder = TestBuilders.run();
        builder.addProject("flaky", dev.hubbub.apphost.testapps.FlakyHealthApp.class)
                .withHttpEndpoint(0, "PORT").withHttpHealthCheck("/health");
        app = builder.build().start();

        app.awaitHealthy("flaky", TIMEOUT);
        app.awaitState("flaky", ResourceState.RUNTIME_UNHEALTHY, TIMEOUT);
        assertThat(app.stateHistory()).containsSubsequence("flaky:Running", "flaky:Healthy", "flaky:Unhealthy",
                "flaky:RuntimeUnhealthy");
        // The app prints each check before it answers, but its output is read on a thread of its own: the line of
        // the failing check may arrive after the state it caused.
        assertThat(line(app, "flaky", "[flaky] health check 2")).isEqualTo("[flaky] health check 2");
        assertThat(app.logs("flaky")).containsSubsequence("[flaky] health check 1", "[flaky] health check 2");
    }

    @Test
    void missingConnectionStringFailsTheReferencingResourceNamingTheVariable() {
        var builder = TestBuilders.run();
        var signalr = builder.addConnectionString("signalr");
        builder.addExecutable("api", "sh", "-c", "echo should-not-run").withReference(signalr);
        app = builder.build().start();

        app.awaitState("api", ResourceState.FAILED_TO_START, TIMEOUT);
        assertThat(app.failure("api")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Connection string parameter resource could not be used because connection string 'signalr' is missing.")
                .contains("ConnectionStrings__signalr"));
        assertThat(app.state("signalr")).isEqualTo(ResourceState.FAILED_TO_START);
    }

    @Test
    void connectionStringFromEnvironmentIsInjected() {
        var builder = TestBuilders.run(Map.of("ConnectionStrings__signalr", "Endpoint=https://x.service.signalr.net;AuthType=azure"));
        var signalr = builder.addConnectionString("signalr");
        builder.addExecutable("api", "sh", "-c", "echo \"$ConnectionStrings__signalr\"").withReference(signalr).waitFor(signalr);
        app = builder.build().start();

        app.awaitState("api", ResourceState.FINISHED, TIMEOUT);
        assertThat(line(app, "api", "[api] ")).isEqualTo("[api] Endpoint=https://x.service.signalr.net;AuthType=azure");
    }

    @Test
    void azureSignalRWithoutEmulatorFailsFastNamingTheWaysForward() {
        var builder = TestBuilders.run();
        builder.addAzureSignalR("signalr");
        DistributedApplication built = builder.build();
        assertThatThrownBy(built::start).isInstanceOf(DistributedApplicationException.class)
                .hasMessageContaining("'signalr'").hasMessageContaining("runAsEmulator()")
                .hasMessageContaining("addConnectionString(\"signalr\")").hasMessageContaining("Azure:SubscriptionId");
    }

    @Test
    void missingEmulatorLauncherIsReported() {
        var builder = TestBuilders.run();
        builder.addAzureSignalR("signalr").runAsEmulator();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> Orchestrator.start(builder.build().resources(), System.out, empty))
                    .hasMessageContaining("no dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher is on the classpath")
                    .hasMessageContaining("hubbub-service");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void emulatorThatCannotStartFailsItsDependants() {
        FakeSignalREmulatorLauncher.failNextStart.set("port 8888 is in use");
        var builder = TestBuilders.run();
        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS).runAsEmulator();
        builder.addExecutable("api", "sh", "-c", "echo never").withReference(signalR).waitFor(signalR);
        app = builder.build().start();

        app.awaitState("api", ResourceState.FAILED_TO_START, TIMEOUT);
        assertThat(app.failure("signalr")).hasValue("The SignalR emulator could not start: port 8888 is in use");
        assertThat(app.failure("api")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Dependency resource 'signalr' failed to start."));
        assertThat(app.logs("api")).isEmpty();
    }

    @Test
    void startIsRefusedInPublishMode() {
        assertThatThrownBy(() -> TestBuilders.publish().build().start()).hasMessageContaining("publish mode");
    }
}
