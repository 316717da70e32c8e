package dev.hubbub.apphost.internal.emulator;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.azure.spi.EmulatorOptions;
import dev.hubbub.apphost.azure.spi.RunningEmulator;
import dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator behind {@code runAsEmulator()}: the Hubbub service started in the app host's JVM on
 * loopback. Registered in {@code META-INF/services}, found by the orchestrator with {@link java.util.ServiceLoader}.
 */
public final class HubbubEmulatorLauncher implements SignalREmulatorLauncher {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hubbub.apphost.emulator");

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} needs. */
    public HubbubEmulatorLauncher() {
    }

    @Override
    public RunningEmulator start(int portOrZero, EmulatorOptions options) throws Exception {
        ServiceOptions serviceOptions = serviceOptions(portOrZero, options);
        HubbubService service;
        try {
            service = HubbubService.start(serviceOptions);
        } catch (Exception e) {
            if (!isBindFailure(e)) {
                throw e;
            }
            // Name the port and the way out rather than the socket's bare "Address already in use".
            throw new IllegalStateException("cannot listen on port " + portOrZero + " (" + e.getMessage()
                    + "); free the port or choose another with runAsEmulator(e -> e.withHostPort(<port>))", e);
        }
        LOG.info("[{}] Hubbub service (emulator, {} mode) listening at {}", options.resourceName(),
                serviceOptions.mode(), service.endpoint());
        return new Running(options.resourceName(), service);
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    /** The service's settings: loopback, the given port, the resource's access key and its service mode. */
    static ServiceOptions serviceOptions(int portOrZero, EmulatorOptions options) {
        return ServiceOptions.builder()
                .port(portOrZero)
                .accessKey(options.accessKey())
                .mode(mode(options.serviceMode()))
                .liveTrace(options.liveTrace())
                .openTelemetry(options.openTelemetry())
                .build();
    }

    // Unlike the official emulator (Serverless only), the Hubbub service implements Default mode too: hub
    // servers connect over the service protocol, as behind Azure SignalR Service.
    static ServiceMode mode(AzureSignalRServiceMode mode) {
        return switch (mode) {
            case DEFAULT -> ServiceMode.DEFAULT;
            case SERVERLESS -> ServiceMode.SERVERLESS;
        };
    }

    private static final class Running implements RunningEmulator {
        private final String resourceName;
        private final HubbubService service;
        private final URI endpoint;
        private final AtomicBoolean closed = new AtomicBoolean();

        Running(String resourceName, HubbubService service) {
            this.resourceName = resourceName;
            this.service = service;
            this.endpoint = service.endpoint();
        }

        @Override
        public URI endpoint() {
            return endpoint;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                service.close();
                LOG.info("[{}] Hubbub service at {} stopped", resourceName, endpoint);
            } catch (RuntimeException e) {
                LOG.warn("[{}] Stopping the Hubbub service at {} failed: {}", resourceName, endpoint, e.toString());
            }
        }
    }
}
