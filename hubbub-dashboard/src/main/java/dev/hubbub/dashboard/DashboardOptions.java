package dev.hubbub.dashboard;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the dashboard listens.
 *
 * @param host the address to bind; loopback by default, as Aspire's dashboard
 * @param port the port, 0 for any free one
 * @param token the login token the printed URL carries, or null for a random one
 * @param logLinesPerResource console lines kept per resource (older ones are dropped)
 * @param maxOtlpBodyBytes the largest OTLP request accepted; larger ones get 400
 */
public record DashboardOptions(String host, int port, @Nullable String token, int logLinesPerResource,
        int maxOtlpBodyBytes) {

    /** Loopback, any port, a random token, 10,000 lines per resource, 4 MiB OTLP requests. */
    public static final DashboardOptions DEFAULTS = new DashboardOptions("127.0.0.1", 0, null, 10_000, 4 * 1024 * 1024);

    /** Validates. */
    public DashboardOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Dashboard port " + port + " is out of range: use 0 to 65535 (0: any free port).");
        }
        if (logLinesPerResource < 1) {
            throw new IllegalArgumentException("logLinesPerResource must be at least 1, was " + logLinesPerResource);
        }
        if (maxOtlpBodyBytes < 1024) {
            throw new IllegalArgumentException("maxOtlpBodyBytes must be at least 1024, was " + maxOtlpBodyBytes);
        }
    }

    /**
     * @param value the port
     * @return a copy with it
     */
    public DashboardOptions withPort(int value) {
        return new DashboardOptions(host, value, token, logLinesPerResource, maxOtlpBodyBytes);
    }

    /**
     * @param value the token
     * @return a copy with it
     */
    public DashboardOptions withToken(@Nullable String value) {
        return new DashboardOptions(host, port, value, logLinesPerResource, maxOtlpBodyBytes);
    }

    /**
     * @param value lines per resource
     * @return a copy with it
     */
    public DashboardOptions withLogLinesPerResource(int value) {
        return new DashboardOptions(host, port, token, value, maxOtlpBodyBytes);
    }

    /**
     * @param value bytes
     * @return a copy with it
     */
    public DashboardOptions withMaxOtlpBodyBytes(int value) {
        return new DashboardOptions(host, port, token, logLinesPerResource, value);
    }

    @Override
    public String toString() {
        return "DashboardOptions[host=" + host + ", port=" + port + ", token=" + (token == null ? "random" : "***")
                + ", logLinesPerResource=" + logLinesPerResource + ", maxOtlpBodyBytes=" + maxOtlpBodyBytes + "]";
    }
}
