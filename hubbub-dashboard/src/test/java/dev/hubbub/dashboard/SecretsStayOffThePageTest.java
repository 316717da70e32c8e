package dev.hubbub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No secret of a resource's environment reaches any route of the page, whatever prints or traces it. */
class SecretsStayOffThePageTest {

    private final TestBackend backend = new TestBackend();
    private Dashboard dashboard;
    private DashboardClient client;

    @BeforeEach
    void start() throws Exception {
        dashboard = Dashboard.start(DashboardOptions.DEFAULTS, backend);
        client = new DashboardClient(dashboard.port());
        client.login(dashboard.loginUrl());
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    @Test
    void environmentValuesThatAreSecretAreMasked() throws Exception {
        String resources = client.get("/api/resources").body();
        assertThat(resources).contains("\"PORT\":\"8080\"").contains("\"DB_PASSWORD\":\"********\"")
                .contains("\"GREETING\":\"********\"").contains("\"ConnectionStrings__signalr\":\"********\"");
        assertNoSecret(resources);
    }

    @Test
    void secretsPrintedOrTracedAreMaskedEverywhere() throws Exception {
        ResourceSnapshot api = backend.resources().get(1);
        dashboard.environmentStarting(api.environment(), api.secretNames());
        dashboard.log("api", "stdout", "connecting with AccessKey=" + TestBackend.ACCESS_KEY + ";");
        dashboard.log("api", "stdout", "password is " + TestBackend.PASSWORD);
        dashboard.log("api", "stderr", "greeting: " + TestBackend.MARKED);
        dashboard.liveTrace(new LiveTraceEntry(Instant.now(), "signalr", "Rest", "chat",
                Map.of("body", "{\"Target\":\"x\",\"Arguments\":[\"" + TestBackend.PASSWORD + "\"]}")));
        String logs = client.get("/api/logs?resource=api").body();
        assertThat(logs).contains("connecting with AccessKey=********").contains("password is ********");
        assertNoSecret(logs);
        assertNoSecret(client.get("/api/livetrace").body());
        for (String path : List.of("/", "/app.js", "/app.css", "/api/resources", "/api/telemetry/logs",
                "/api/telemetry/traces", "/api/telemetry/metrics")) {
            assertNoSecret(client.get(path).body());
        }
    }

    @Test
    void theOtlpKeyAndLoginTokenNeverShowInConsoleLines() throws Exception {
        String token = dashboard.loginUrl().substring(dashboard.loginUrl().indexOf("t=") + 2);
        String otlpHeader = dashboard.otlpEnvironment("api").get("OTEL_EXPORTER_OTLP_HEADERS");
        String otlpKey = otlpHeader.substring(otlpHeader.indexOf('=') + 1);
        dashboard.log("api", "stdout", "token " + token + " key " + otlpKey);
        String logs = client.get("/api/logs?resource=api").body();
        assertThat(logs).doesNotContain(token).doesNotContain(otlpKey);
    }

    @Test
    void otlpEnvironmentIsAspires() {
        Map<String, String> env = dashboard.otlpEnvironment("api");
        assertThat(env).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:" + dashboard.port())
                .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .containsEntry("OTEL_SERVICE_NAME", "api")
                .containsEntry("OTEL_BSP_SCHEDULE_DELAY", "1000")
                .containsEntry("OTEL_BLRP_SCHEDULE_DELAY", "1000")
                .containsEntry("OTEL_METRIC_EXPORT_INTERVAL", "1000")
                .containsEntry("OTEL_TRACES_SAMPLER", "always_on")
                .containsKey("OTEL_EXPORTER_OTLP_HEADERS");
        assertThat(env.get("OTEL_EXPORTER_OTLP_HEADERS")).startsWith("x-otlp-api-key=");
    }

    private static void assertNoSecret(String body) {
        assertThat(body).doesNotContain(TestBackend.ACCESS_KEY).doesNotContain(TestBackend.PASSWORD)
                .doesNotContain(TestBackend.MARKED);
    }

}
