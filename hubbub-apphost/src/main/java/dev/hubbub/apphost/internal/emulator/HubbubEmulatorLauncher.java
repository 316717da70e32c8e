package dev.hubbub.apphost.internal.emulator;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.azure.spi.EmulatorOptions;
import dev.hubbub.apphost.azure.spi.RunningEmulator;
import dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
        List<HubbubService> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < options.replicas(); i++) {
                // node 1 on the emulator's port, the others on free ports
                int port = i == 0 ? portOrZero : 0;
                ServiceOptions serviceOptions = serviceOptions(port, options);
                HubbubService service;
                try {
                    service = HubbubService.start(serviceOptions);
                } catch (Exception e) {
                    if (!isBindFailure(e)) {
                        throw e;
                    }
                    // Name the port and the way out rather than the socket's bare "Address already in use".
                    throw new IllegalStateException("cannot listen on port " + port + " (" + e.getMessage()
                            + "); free the port or choose another with runAsEmulator(e -> e.withHostPort(<port>))", e);
                }
                nodes.add(service);
                LOG.info("[{}] Hubbub service (emulator{}, {} mode) listening at {}", options.resourceName(),
                        options.replicas() > 1 ? " node " + (i + 1) + " of " + options.replicas() : "",
                        serviceOptions.mode(), service.endpoint());
            }
        } catch (Exception | Error e) {
            nodes.forEach(HubbubService::close);
            throw e;
        }
        return new Running(options.resourceName(), nodes);
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
        ServiceOptions.Builder b = ServiceOptions.builder()
                .port(portOrZero)
                .accessKey(options.accessKey())
                .mode(mode(options.serviceMode()))
                .liveTrace(options.liveTrace())
                .openTelemetry(options.openTelemetry());
        String backplane = options.backplane();
        if (backplane != null) {
            b.backplane(backplane); // hubbub-service-redis, found through ServiceLoader
        }
        return b.build();
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
        private final List<HubbubService> nodes;
        private final List<URI> endpoints;
        private final AtomicBoolean closed = new AtomicBoolean();

        Running(String resourceName, List<HubbubService> nodes) {
            this.resourceName = resourceName;
            this.nodes = List.copyOf(nodes);
            this.endpoints = nodes.stream().map(HubbubService::endpoint).toList();
        }

        @Override
        public URI endpoint() {
            return endpoints.get(0);
        }

        @Override
        public List<URI> endpoints() {
            return endpoints;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    nodes.get(i).close();
                    LOG.info("[{}] Hubbub service at {} stopped", resourceName, endpoints.get(i));
                } catch (RuntimeException e) {
                    LOG.warn("[{}] Stopping the Hubbub service at {} failed: {}", resourceName, endpoints.get(i),
                            e.toString());
                }
            }
        }
    }
}
