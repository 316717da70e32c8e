package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;

/** Seed: Azure SignalR when publishing, a connection string from configuration when running. */
public final class ConnectionStringAppHost {
    private ConnectionStringAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalr = builder.executionContext().isPublishMode()
                ? builder.addAzureSignalR("signalr")
                : builder.addConnectionString("signalr");

        builder.addProject("apiService", ApiService.class)
               .withReference(signalr);

        builder.build().run();
    }

}
