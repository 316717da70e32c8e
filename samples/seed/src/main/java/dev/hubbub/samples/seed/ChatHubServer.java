package dev.hubbub.samples.seed;

import dev.hubbub.server.HubServer;

/**
 * Seed: "Configure the SignalR client", {@code AddSignalR().AddNamedAzureSignalR("signalr")} and
 * {@code MapHub<ChatHub>("/chat")}. The connection string comes from {@code ConnectionStrings__signalr} (what
 * {@code withReference(signalR)} injects), the other settings from the {@code Azure:SignalR:signalr} section
 * (environment, system properties or {@code ./appsettings.json}).
 */
public final class ChatHubServer {
    private ChatHubServer() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        HubServer server = HubServer.builder()
                .port(HubServerProcess.port())
                .hub("/chat", ChatHub.class)
                .useNamedAzureSignalR("signalr")
                .start();

        HubServerProcess.run("ChatHubServer", server);
    }
}
