package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.internal.run.Orchestrator;
import dev.hubbub.apphost.testapps.PrintEnv;
import dev.hubbub.dashboard.Dashboard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Run mode with the dashboard: OTLP variables injected, resources, console lines, secrets masked, commands. */
class DashboardRunModeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "s3cret-greeting-value";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private RunningApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void offByDefaultForStart() {
        var builder = TestBuilders.run();
        builder.addExecutable("echo", "sh", "-c", "echo hi");
        app = builder.build().start();
        assertThat(((Orchestrator) app).dashboard()).isNull();
    }

    @Test
    void childrenExportToTheDashboardWhichShowsThemWithSecretsMaskedAndRunsCommands() throws Exception {
        var builder = TestBuilders.run(Map.of("Dashboard__Enabled", "true", "Parameters__greeting", SECRET));
        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS).runAsEmulator();
        var greeting = builder.addParameter("greeting", true);
        builder.addProject("api", PrintEnv.class)
                .withArgs("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "GREETING")
                .withReference(signalR).waitFor(signalR).withEnvironment("GREETING", greeting);
        app = builder.build().start();
        Dashboard dashboard = ((Orchestrator) app).dashboard();
        assertThat(dashboard).isNotNull();

        app.awaitState("api", ResourceState.RUNNING, TIMEOUT);
        await().atMost(TIMEOUT).until(() -> app.logs("api").contains("[api] ready"));
        assertThat(app.logs("api")).contains("[api] OTEL_EXPORTER_OTLP_ENDPOINT=" + dashboard.otlpEndpoint(),
                "[api] OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "[api] OTEL_SERVICE_NAME=api");

        String cookie = login(dashboard);
        await().atMost(TIMEOUT).until(() -> get(dashboard, cookie, "/api/logs?resource=api").contains("ready"));
        String logs = get(dashboard, cookie, "/api/logs?resource=api");
        assertThat(logs).contains("GREETING=********").doesNotContain(SECRET);
        // The emulator runs in this JVM: its console shows its start (and, with the real service, its live trace
        // as lines: e2e/tests/dashboard.test.mjs).
        await().atMost(TIMEOUT).until(() -> get(dashboard, cookie, "/api/logs?resource=signalr")
                .contains("Hubbub service (emulator, serverless mode) listening at http://localhost:"));
        String emulatorLogs = get(dashboard, cookie, "/api/logs?resource=signalr");
        assertThat(emulatorLogs).contains("AccessKey=***").doesNotContain(AzureSignalRResourceKey.KEY);
        String resources = get(dashboard, cookie, "/api/resources");
        assertThat(resources).contains("\"name\":\"api\"").contains("\"state\":\"Running\"")
                .contains("\"GREETING\":\"********\"").contains("\"commands\":[\"stop\",\"restart\"]")
                .doesNotContain(SECRET).doesNotContain(AzureSignalRResourceKey.KEY);

        assertThat(command(dashboard, cookie, "api", "stop")).isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> app.state("api").isTerminal());
        assertThat(app.failure("api")).isEmpty();
        assertThat(get(dashboard, cookie, "/api/resources")).contains("\"commands\":[\"start\"]");

        assertThat(command(dashboard, cookie, "api", "start")).isEqualTo(202);
        app.awaitState("api", ResourceState.RUNNING, TIMEOUT);
        assertThat(command(dashboard, cookie, "api", "restart")).isEqualTo(202);
        app.awaitState("api", ResourceState.RUNNING, TIMEOUT);
        assertThat(command(dashboard, cookie, "greeting", "stop")).isEqualTo(400);
    }

    @Test
    void redisShowsItsLogsAndTheReferencingAppsPasswordIsMasked() throws Exception {
        var builder = TestBuilders.run(Map.of("Dashboard__Enabled", "true", "Parameters__cache-password", SECRET));
        var cache = builder.addRedis("cache");
        builder.addProject("api", PrintEnv.class).withArgs("OTEL_SERVICE_NAME").withReference(cache).waitFor(cache);
        app = builder.build().start();
        Dashboard dashboard = ((Orchestrator) app).dashboard();
        await().atMost(TIMEOUT).until(() -> app.logs("api").contains("[api] ready"));
        String cookie = login(dashboard);
        await().atMost(TIMEOUT).until(() -> get(dashboard, cookie, "/api/logs?resource=cache").contains("Ready to accept"));
        String resources = get(dashboard, cookie, "/api/resources");
        assertThat(resources).contains("\"name\":\"cache\"").contains("\"ConnectionStrings__cache\":\"********\"")
                .contains("\"CACHE_URI\":\"********\"").contains("\"CACHE_PASSWORD\":\"********\"")
                .doesNotContain(SECRET);
    }

    @Test
    void theEmulatorStopsAndStartsAgainOnItsPort() throws Exception {
        var builder = TestBuilders.run(Map.of("Dashboard__Enabled", "true"));
        builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS).runAsEmulator();
        app = builder.build().start();
        Dashboard dashboard = ((Orchestrator) app).dashboard();
        app.awaitHealthy("signalr", TIMEOUT);
        String connectionString = app.connectionString("signalr");
        String cookie = login(dashboard);

        assertThat(command(dashboard, cookie, "signalr", "stop")).isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> app.state("signalr") == ResourceState.FINISHED);
        assertThat(get(dashboard, cookie, "/api/resources")).contains("\"commands\":[\"start\"]");
        assertThat(command(dashboard, cookie, "signalr", "restart")).isEqualTo(202);
        app.awaitHealthy("signalr", TIMEOUT);
        assertThat(app.connectionString("signalr")).isEqualTo(connectionString);
    }

    private String login(Dashboard dashboard) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dashboard.loginUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private String get(Dashboard dashboard, String cookie, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + dashboard.port() + path))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int command(Dashboard dashboard, String cookie, String resource, String command) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + dashboard.port() + "/api/resources/"
                        + resource + "/" + command)).header("Cookie", cookie).header("x-hubbub-dashboard", "1")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The emulator's well-known key, which the page must never show. */
    private static final class AzureSignalRResourceKey {
        static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    }
}
