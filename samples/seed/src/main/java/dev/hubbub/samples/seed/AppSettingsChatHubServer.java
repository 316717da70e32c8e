package dev.hubbub.samples.seed;

import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubServer;

/**
 * Seed: "Configuration options" through configuration providers: the seed's JSON in
 * {@code appsettings.json} in the working directory ({@code samples/seed/hubserver/appsettings.json} is that
 * JSON). Prints the options it resolved, so you can see the file at work, then serves like
 * {@link ChatHubServer}.
 */
public final class AppSettingsChatHubServer {
    private AppSettingsChatHubServer() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        // ./appsettings.json, then environment variables, then system properties (highest).
        AzureSignalROptions options = AzureSignalROptions.resolve("signalr", o -> { });
        System.out.println("Azure:SignalR:signalr: ServiceMode=" + options.serviceMode()
                + ", ServerStickyMode=" + options.serverStickyMode()
                + ", ConnectionCount=" + options.connectionCount());

        HubServer server = HubServer.builder()
                .port(HubServerProcess.port())
                .hub("/chat", ChatHub.class)
                .useAzureSignalR(options)
                .start();

        HubServerProcess.run("AppSettingsChatHubServer", server);
    }
}
