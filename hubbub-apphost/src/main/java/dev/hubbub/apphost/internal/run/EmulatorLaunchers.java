package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher;
import java.util.ServiceLoader;

/** Finds the {@link SignalREmulatorLauncher} on the classpath. */
public final class EmulatorLaunchers {
    private EmulatorLaunchers() {
    }

    /**
     * @param loader where to look
     * @param resourceName the resource needing it (for the message)
     * @return the first launcher found
     * @throws DistributedApplicationException if there is none
     */
    public static SignalREmulatorLauncher find(ClassLoader loader, String resourceName) {
        return ServiceLoader.load(SignalREmulatorLauncher.class, loader).findFirst().orElseThrow(() ->
                new DistributedApplicationException("Resource '" + resourceName + "' runs as an emulator but no "
                        + SignalREmulatorLauncher.class.getName() + " is on the classpath: add the hubbub-service module "
                        + "to the app host's dependencies, or remove runAsEmulator() and use addConnectionString(\""
                        + resourceName + "\")."));
    }
}
