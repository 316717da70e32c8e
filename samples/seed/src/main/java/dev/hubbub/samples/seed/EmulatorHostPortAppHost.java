package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;

/** {@code runAsEmulator(emulator -> emulator.withHostPort(8888))}: same publish output as without the emulator. */
public final class EmulatorHostPortAppHost {
    private EmulatorHostPortAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS)
                             .runAsEmulator(emulator -> emulator.withHostPort(8888));

        builder.addProject("apiService", ApiService.class)
               .withReference(signalR)
               .waitFor(signalR);

        builder.build().run();
    }
}
