package dev.hubbub.dashboard;

import dev.hubbub.dashboard.internal.DashboardServer;
import dev.hubbub.dashboard.internal.DashboardState;
import dev.hubbub.dashboard.internal.InProcessTelemetry;
import dev.hubbub.dashboard.internal.OtlpReceiver;
import dev.hubbub.dashboard.internal.SecretMasker;
import dev.hubbub.dashboard.internal.TokenAuth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running dashboard. The app host starts one in run mode, prints {@link #loginUrl()}, gives each child
 * {@link #otlpEnvironment(String)} and reports logs, resource changes and live trace events to it.
 * Thread-safe.
 */
public final class Dashboard implements AutoCloseable {

    private final DashboardServer server;
    private final DashboardState state;
    private final TokenAuth auth;
    private final String otlpKey;
    private final InProcessTelemetry inProcess;

    private Dashboard(DashboardServer server, DashboardState state, TokenAuth auth, String otlpKey) {
        this.inProcess = new InProcessTelemetry(state.telemetry(), state.masker(),
                signal -> state.events().publish("telemetry", "{\"signal\":\"" + signal + "\"}"));
        this.server = server;
        this.state = state;
        this.auth = auth;
        this.otlpKey = otlpKey;
    }

    /**
     * Starts listening.
     *
     * @param options where and how
     * @param backend the resources and their commands
     * @return the running dashboard
     * @throws IllegalStateException if the port cannot be bound
     */
    public static Dashboard start(DashboardOptions options, DashboardBackend backend) {
        SecretMasker masker = new SecretMasker();
        TokenAuth auth = new TokenAuth(options.token());
        String otlpKey = TokenAuth.random();
        masker.addSecret(auth.token());
        masker.addSecret(otlpKey);
        DashboardState state = new DashboardState(backend, masker, options.logLinesPerResource());
        OtlpReceiver otlp = new OtlpReceiver(state.telemetry(), masker, options.maxOtlpBodyBytes());
        try {
            DashboardServer server = DashboardServer.start(options.host(), options.port(), state, auth, otlp, otlpKey,
                    options.maxOtlpBodyBytes());
            return new Dashboard(server, state, auth, otlpKey);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the dashboard", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The dashboard cannot listen on " + options.host() + ":" + options.port()
                    + " (" + e.getMessage() + "); choose another port with --dashboard-port or set Dashboard:Port.", e);
        }
    }

    /** @return the port it listens on */
    public int port() {
        return server.port();
    }

    /** @return {@code http://localhost:PORT/login?t=TOKEN}, the URL to open */
    public String loginUrl() {
        return "http://localhost:" + port() + "/login?t=" + auth.token();
    }

    /** @return {@code http://localhost:PORT}, where children send OTLP/HTTP */
    public String otlpEndpoint() {
        return "http://localhost:" + port();
    }

    /**
     * The variables Aspire gives every child so that its OpenTelemetry SDK exports to the dashboard.
     *
     * @param serviceName the resource name ({@code OTEL_SERVICE_NAME})
     * @return the variables
     */
    public Map<String, String> otlpEnvironment(String serviceName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=" + otlpKey);
        env.put("OTEL_SERVICE_NAME", serviceName);
        // Aspire's development values: export every second, sample everything.
        env.put("OTEL_BLRP_SCHEDULE_DELAY", "1000");
        env.put("OTEL_BSP_SCHEDULE_DELAY", "1000");
        env.put("OTEL_METRIC_EXPORT_INTERVAL", "1000");
        env.put("OTEL_TRACES_SAMPLER", "always_on");
        env.put("OTEL_METRICS_EXEMPLAR_FILTER", "trace_based");
        return env;
    }

    /**
     * OpenTelemetry for code in the app host's JVM (the emulator): its spans and metrics show on the page.
     *
     * @param serviceName the service name they carry
     * @return an SDK the dashboard closes
     */
    public io.opentelemetry.api.OpenTelemetry openTelemetry(String serviceName) {
        return inProcess.create(serviceName);
    }

    /** @param value a secret to mask wherever it would appear on the page */
    public void addSecret(String value) {
        state.masker().addSecret(value);
    }

    /**
     * A console line of a resource.
     *
     * @param resource the resource name
     * @param stream {@code stdout} or {@code stderr}
     * @param line the line without the {@code [name]} prefix
     */
    public void log(String resource, String stream, String line) {
        state.log(resource, stream, line);
    }

    /**
     * A resource changed (state, health, exit code): the page gets every resource again at the next flush. Only
     * sets a flag, so it may be called while holding the app host's locks.
     */
    public void resourcesChanged() {
        state.events().resourcesChanged();
    }

    /**
     * Learns the secret values of an environment before the process that gets it prints anything, so its console
     * lines are masked from the first one.
     *
     * @param environment the variables a child is about to get
     * @param secretNames names the app host knows are secret (besides those whose names look secret)
     */
    public void environmentStarting(Map<String, String> environment, java.util.Set<String> secretNames) {
        state.masker().maskEnvironment(environment, secretNames);
    }

    /** @param entry an event of an emulator's live SignalR trace */
    public void liveTrace(LiveTraceEntry entry) {
        state.liveTrace(entry);
    }

    @Override
    public void close() {
        inProcess.close();
        server.close();
    }
}
