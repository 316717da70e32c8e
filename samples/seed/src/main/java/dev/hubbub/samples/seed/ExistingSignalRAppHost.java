package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;

/**
 * Seed: "Connect to an existing Azure SignalR Service". The seed's unnamed
 * {@code AddProject<Projects.ExampleProject>()} becomes {@code addProject("exampleProject", ExampleProject.class)}:
 * a Java main class has no project file to take a name from, so the name is the class's simple name,
 * lower camel case.
 */
public final class ExistingSignalRAppHost {
    private ExistingSignalRAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var existingSignalRName = builder.addParameter("existingSignalRName");
        var existingSignalRResourceGroup = builder.addParameter("existingSignalRResourceGroup");

        var signalr = builder.addAzureSignalR("signalr")
                             .asExisting(existingSignalRName, existingSignalRResourceGroup);

        builder.addProject("exampleProject", ExampleProject.class)
               .withReference(signalr);

        builder.build().run();
    }
}
