package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;

/** Seed: "Add an Azure SignalR Service resource". */
public final class AddSignalRAppHost {
    private AddSignalRAppHost() {
    }

    /** @param args app host arguments, e.g. {@code --publisher manifest --output-path out} */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalR = builder.addAzureSignalR("signalr");

        builder.addProject("apiService", ApiService.class)
               .withReference(signalR)
               .waitFor(signalR);

        builder.addProject("webapp", WebApp.class)
               .withReference(signalR)
               .waitFor(signalR);

        builder.build().run();
    }
}
