package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;

/**
 * Beyond the seed: the emulator in Default mode with a hub server behind it, which the official emulator
 * (Serverless only) cannot do. The app host starts the Hubbub service in Default mode, then
 * {@link ChatHubServer} in its own JVM with {@code ConnectionStrings__signalr}, and reports it healthy once
 * its {@code GET /health} answers 200, that is, once every hub has a service connection up.
 */
public final class DefaultModeAppHost {
    private DefaultModeAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.DEFAULT)
                             .runAsEmulator();

        builder.addProject("chat", ChatHubServer.class)
               .withReference(signalR)
               .waitFor(signalR)
               .withHttpEndpoint(0, "PORT")
               .withHttpHealthCheck("/health");

        builder.build().run();
    }
}
