package dev.hubbub.samples.seed;

import dev.hubbub.server.HubServer;
import dev.hubbub.server.ServerStickyMode;
import dev.hubbub.server.ServiceMode;

/**
 * Seed: "Alternatively, configure options in code", {@code AddNamedAzureSignalR("signalr", options => ...)}.
 * Code wins over every configuration source.
 */
public final class CodeOptionsChatHubServer {
    private CodeOptionsChatHubServer() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        HubServer server = HubServer.builder()
                .port(HubServerProcess.port())
                .hub("/chat", ChatHub.class)
                .useNamedAzureSignalR("signalr", options -> options
                        .serviceMode(ServiceMode.DEFAULT)
                        .serverStickyMode(ServerStickyMode.REQUIRED)
                        .connectionCount(5))
                .start();

        HubServerProcess.run("CodeOptionsChatHubServer", server);
    }
}
