package dev.hubbub.apphost.azure.spi;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import java.util.Objects;

/**
 * What the app host passes to an emulator launcher.
 *
 * @param resourceName the Aspire resource name, e.g. {@code signalr} (for logs)
 * @param serviceMode the mode the resource was declared with; the emulator runs in it (Default or Serverless)
 * @param accessKey the access key clients will sign with
 */
public record EmulatorOptions(String resourceName, AzureSignalRServiceMode serviceMode, String accessKey) {
    /** Validates. */
    public EmulatorOptions {
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(serviceMode, "serviceMode");
        Objects.requireNonNull(accessKey, "accessKey");
    }
}
