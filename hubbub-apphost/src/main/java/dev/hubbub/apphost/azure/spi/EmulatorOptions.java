package dev.hubbub.apphost.azure.spi;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.service.LiveTraceListener;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the app host passes to an emulator launcher.
 *
 * @param resourceName the Aspire resource name, e.g. {@code signalr} (for logs)
 * @param serviceMode the mode the resource was declared with; the emulator runs in it (Default or Serverless)
 * @param accessKey the access key clients will sign with
 * @param liveTrace where the emulator sends its live trace (the dashboard's Live SignalR trace), or null for none;
 *     an emulator that has no live trace ignores it
 * @param openTelemetry where the emulator's spans and metrics go (the dashboard), or null for its default
 * @param replicas how many service nodes to run (1 unless {@code withReplicas})
 * @param backplane the connection string of the Redis the nodes share ({@code host:port,password=...} or a
 *     {@code redis://} URI), or null to run alone; required when {@code replicas} is above 1
 */
public record EmulatorOptions(String resourceName, AzureSignalRServiceMode serviceMode, String accessKey,
        @Nullable LiveTraceListener liveTrace, @Nullable OpenTelemetry openTelemetry, int replicas,
        @Nullable String backplane) {

    /** Options without a live trace. @param resourceName the resource @param serviceMode its mode @param accessKey its key */
    public EmulatorOptions(String resourceName, AzureSignalRServiceMode serviceMode, String accessKey) {
        this(resourceName, serviceMode, accessKey, null, null);
    }

    /** One node without a backplane. */
    public EmulatorOptions(String resourceName, AzureSignalRServiceMode serviceMode, String accessKey,
            @Nullable LiveTraceListener liveTrace, @Nullable OpenTelemetry openTelemetry) {
        this(resourceName, serviceMode, accessKey, liveTrace, openTelemetry, 1, null);
    }

    /** Names the resource and the node count only: the backplane's connection string holds a password. */
    @Override
    public String toString() {
        return "EmulatorOptions[" + resourceName + ", " + serviceMode + ", replicas=" + replicas
                + (backplane == null ? "" : ", backplane=***") + "]";
    }

    /** Validates. */
    public EmulatorOptions {
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(serviceMode, "serviceMode");
        Objects.requireNonNull(accessKey, "accessKey");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1: " + replicas);
        }
        if (replicas > 1 && backplane == null) {
            throw new IllegalArgumentException("The emulator '" + resourceName + "' runs " + replicas + " replicas, "
                    + "which share their connections through Redis: add .withBackplane(builder.addRedis(\"cache\")) "
                    + "in runAsEmulator(...)");
        }
    }
}
