/**
 * Service provider interface for the local SignalR emulator. The app host finds an implementation
 * with {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher}
 * entry) and starts it in-process for every resource that calls {@code runAsEmulator()}.
 */
@NullMarked
package dev.hubbub.apphost.azure.spi;

import org.jspecify.annotations.NullMarked;
