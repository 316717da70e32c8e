package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;

/** {@code addConnectionString} kept in publish mode: the manifest gets a {@code parameter.v0} with a connection string. */
public final class ConnectionStringParameterAppHost {
    private ConnectionStringParameterAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalr = builder.addConnectionString("signalr");

        builder.addProject("apiService", ApiService.class)
               .withReference(signalr);

        builder.build().run();
    }
}
