package dev.hubbub.apphost;

import org.jspecify.annotations.Nullable;

/**
 * A network endpoint of a resource. {@code port} is the host port (null = pick a free one in run
 * mode); {@code targetPort} the port the process listens on (for processes the same as the port);
 * {@code envVar} names the variable that tells the process its port.
 */
public final class EndpointAnnotation implements ResourceAnnotation {

    private final String name;
    private final String scheme;
    private final @Nullable Integer port;
    private final @Nullable Integer targetPort;
    private final @Nullable String envVar;
    // Set once in run mode, read by other resources' threads.
    private volatile int allocatedPort;

    /**
     * @param name endpoint name, e.g. {@code http} or {@code emulator}
     * @param scheme {@code http} or {@code https}
     * @param port host port, or null for a free one
     * @param targetPort target port, or null
     * @param envVar variable receiving the port, or null
     */
    public EndpointAnnotation(String name, String scheme, @Nullable Integer port, @Nullable Integer targetPort,
            @Nullable String envVar) {
        this.name = name;
        this.scheme = scheme;
        this.port = port;
        this.targetPort = targetPort;
        this.envVar = envVar;
    }

    /** @return the endpoint name */
    public String name() {
        return name;
    }

    /** @return the URI scheme */
    public String scheme() {
        return scheme;
    }

    /** @return the requested host port, or null */
    public @Nullable Integer port() {
        return port;
    }

    /** @return the target port, or null */
    public @Nullable Integer targetPort() {
        return targetPort;
    }

    /** @return the environment variable receiving the port, or null */
    public @Nullable String envVar() {
        return envVar;
    }

    /** @return the port allocated in run mode, or 0 before allocation */
    public int allocatedPort() {
        return allocatedPort;
    }

    /** Records the port bound in run mode. @param port the port */
    public void allocate(int port) {
        this.allocatedPort = port;
    }
}
