package dev.hubbub.apphost.azure.spi;

import java.net.URI;

/** A started emulator. */
public interface RunningEmulator extends AutoCloseable {

    /** @return the base URI, e.g. {@code http://localhost:8888} (its port is the bound port) */
    URI endpoint();

    /** @return the base URIs of every node, {@link #endpoint()} first (one unless the emulator runs replicas) */
    default java.util.List<URI> endpoints() {
        return java.util.List.of(endpoint());
    }

    /** Stops the emulator and releases its port; must be idempotent and must not throw. */
    @Override
    void close();
}
