package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;

/** Serverless mode without the emulator (the seed's emulator snippet minus {@code runAsEmulator}). */
public final class ServerlessAppHost {
    private ServerlessAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS);

        builder.addProject("apiService", ApiService.class)
               .withReference(signalR)
               .waitFor(signalR);

        builder.build().run();
    }
}
