package dev.hubbub.samples.seed;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.azure.SignalRService;

/** Seed: "Customize provisioning infrastructure". */
public final class ConfigureInfrastructureAppHost {
    private ConfigureInfrastructureAppHost() {
    }

    /** @param args app host arguments */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);

        var signalR = builder.addAzureSignalR("signalr")
                             .configureInfrastructure(infra -> {
                                 var resources = infra.getProvisionableResources();
                                 var signalRResource = resources.stream()
                                         .filter(SignalRService.class::isInstance)
                                         .map(SignalRService.class::cast)
                                         .findFirst().orElseThrow();

                                 signalRResource.sku().setName("Premium_P1");
                                 signalRResource.sku().setCapacity(2);
                                 signalRResource.setPublicNetworkAccess("Enabled");
                                 signalRResource.addTag("Environment", "Production");
                             });

        builder.build().run();
    }
}
