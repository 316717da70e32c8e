package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.DistributedApplicationBuilder;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;

/**
 * Beyond the seed: scale-out. The emulator runs as two service nodes on one Redis ({@code addRedis}, a real
 * {@code redis-server} from the PATH), and two copies of {@link ChatHubServer} connect to it in Default mode. Each
 * {@code withReference(signalR)} gets the next node, so {@code chat-a} is connected to node 1 and {@code chat-b} to
 * node 2; a client that negotiates with {@code chat-a} is sent to node 1, one that negotiates with {@code chat-b} to
 * node 2, and a message either of them sends reaches both, across the nodes.
 */
public final class ScaleOutAppHost {
    private ScaleOutAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        model(DistributedApplication.createBuilder(args)).build().run();
    }

    /**
     * The app model, for {@link #main} and the tests.
     *
     * @param builder an app host builder
     * @return the same builder
     */
    public static DistributedApplicationBuilder model(DistributedApplicationBuilder builder) {
        var cache = builder.addRedis("cache");

        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.DEFAULT)
                             .runAsEmulator(emulator -> emulator
                                     .withReplicas(2)
                                     .withBackplane(cache));

        for (String name : new String[] {"chat-a", "chat-b"}) {
            builder.addProject(name, ChatHubServer.class)
                   .withReference(signalR)
                   .waitFor(signalR)
                   .withHttpEndpoint(0, "PORT")
                   .withHttpHealthCheck("/health");
        }
        return builder;
    }
}
