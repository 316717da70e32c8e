package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;

/** Seed: "Add an Azure SignalR Service emulator resource" (Serverless mode). */
public final class EmulatorAppHost {
    private EmulatorAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS)
                             .runAsEmulator();

        builder.addProject("apiService", ApiService.class)
               .withReference(signalR)
               .waitFor(signalR);

        builder.build().run();
    }
}
