package dev.hubbub.apphost.azure;

import java.util.Objects;

/**
 * One entry of {@code properties.features}, e.g. {@code ServiceMode = Serverless}.
 *
 * @param flag {@code ServiceMode}, {@code EnableConnectivityLogs}, {@code EnableMessagingLogs} or {@code EnableLiveTrace}
 * @param value the value
 */
public record SignalRFeature(String flag, String value) {
    /** Validates. */
    public SignalRFeature {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(value, "value");
    }
}
