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
 */
public record EmulatorOptions(String resourceName, AzureSignalRServiceMode serviceMode, String accessKey,
        @Nullable LiveTraceListener liveTrace, @Nullable OpenTelemetry openTelemetry) {

    /** Options without a live trace. @param resourceName the resource @param serviceMode its mode @param accessKey its key */
    public EmulatorOptions(String resourceName, AzureSignalRServiceMode serviceMode, String accessKey) {
        this(resourceName, serviceMode, accessKey, null, null);
    }

    /** Validates. */
    public EmulatorOptions {
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(serviceMode, "serviceMode");
        Objects.requireNonNull(accessKey, "accessKey");
    }
}
