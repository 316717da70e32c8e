package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.apphost.azure.SignalRFeature;
import dev.hubbub.apphost.azure.SignalRService;
import dev.hubbub.apphost.internal.bicep.BicepNames;
import dev.hubbub.apphost.internal.bicep.InfrastructureCompiler;
import dev.hubbub.apphost.internal.manifest.ManifestPublisher;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BicepGenerationTest {

    @Test
    void identifiersAndGeneratedNamesFollowAzureProvisioning() {
        assertThat(BicepNames.normalizeIdentifier("test-signalr")).isEqualTo("test_signalr");
        assertThat(BicepNames.normalizeIdentifier("signalrDefault")).isEqualTo("signalrDefault");
        assertThat(BicepNames.signalRNamePrefix("test_signalr")).isEqualTo("testsignalr");
        String bicep = InfrastructureCompiler.toBicep(TestBuilders.publish().addAzureSignalR("test-signalr")
                .resource().buildInfrastructure());
        assertThat(bicep).contains("resource test_signalr 'Microsoft.SignalRService/signalR@2024-03-01' = {")
                .contains("  name: take('testsignalr-${uniqueString(resourceGroup().id)}', 63)")
                .contains("resource test_signalr_SignalRAppServer ")
                .contains("'aspire-resource-name': 'test-signalr'")
                .endsWith("output hostName string = test_signalr.properties.hostName");
    }

    @Test
    void everyTypedPropertyIsEmittedInAzureProvisioningOrder() {
        var signalr = TestBuilders.publish().addAzureSignalR("signalr").configureInfrastructure(infra -> {
            SignalRService s = infra.single(SignalRService.class);
            s.sku().setName("Standard_S1");
            s.sku().setTier("Standard");
            s.sku().setCapacity(10);
            s.corsAllowedOrigins().add("https://example.com");
            s.features().add(new SignalRFeature("EnableConnectivityLogs", "True"));
            s.setDisableLocalAuth(true);
            s.setDisableAadAuth(false);
            s.setClientCertEnabled(false);
            s.setPublicNetworkAccess("Disabled");
            s.setKind("RawWebSockets");
        });
        String bicep = InfrastructureCompiler.toBicep(signalr.resource().buildInfrastructure());
        assertThat(bicep).contains("""
                  properties: {
                    cors: {
                      allowedOrigins: [
                        '*'
                        'https://example.com'
                      ]
                    }
                    disableAadAuth: false
                    disableLocalAuth: true
                    features: [
                      {
                        flag: 'ServiceMode'
                        value: 'Default'
                      }
                      {
                        flag: 'EnableConnectivityLogs'
                        value: 'True'
                      }
                    ]
                    tls: {
                      clientCertEnabled: false
                    }
                    publicNetworkAccess: 'Disabled'
                  }
                  kind: 'RawWebSockets'
                  sku: {
                    name: 'Standard_S1'
                    tier: 'Standard'
                    capacity: 10
                  }
                """);
    }

    @Test
    void outputPathEndingInJsonNamesTheManifestFile(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        var builder = DistributedApplication.createBuilder(TestBuilders.options(java.util.Map.of(),
                "--publisher", "manifest", "--output-path", dir.resolve("sub/manifest.json").toString()));
        builder.addAzureSignalR("signalr");
        builder.build().run();
        assertThat(java.nio.file.Files.readString(dir.resolve("sub/manifest.json"))).contains("\"path\": \"signalr.module.bicep\"");
        assertThat(dir.resolve("sub/signalr.module.bicep")).exists();
    }

    @Test
    void parameterDefaultIsPublishedOnlyWhenAsked() {
        var builder = TestBuilders.publish();
        builder.addParameter("region", "westeurope", true, false);
        builder.addParameter("hidden", "x");
        String manifest = ManifestPublisher.render(builder.resources(), Path.of("out")).get("aspire-manifest.json");
        assertThat(manifest.replaceAll("\\s+", " "))
                .contains("\"type\": \"string\", \"default\": { \"value\": \"westeurope\" }").doesNotContain("\"x\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestBuilders.publish().addParameter("s", "v", true, true))
                .hasMessageContaining("is secret");
    }

    @Test
    void existingWithLiteralNameAndNoResourceGroupStaysV0() {
        var builder = TestBuilders.publish();
        builder.addAzureSignalR("signalr").asExisting("my-service", null);
        var files = ManifestPublisher.render(builder.resources(), Path.of("out"));
        assertThat(files.get("signalr.module.bicep")).contains("""
                resource signalr 'Microsoft.SignalRService/signalR@2024-03-01' existing = {
                  name: 'my-service'
                }""").doesNotContain("param my");
        assertThat(files.get("aspire-manifest.json")).contains("\"type\": \"azure.bicep.v0\"").doesNotContain("scope");
    }

    @Test
    void executablesPublishCommandArgsEnvAndBindings() {
        var builder = TestBuilders.publish();
        var p = builder.addParameter("key", true);
        builder.addExecutable("worker", "node", "server.js").withArgs(p.resource()).withEnvironment("K", "it's <x>")
                .withHttpEndpoint(8080, "PORT");
        builder.addExecutable("free", "node").withHttpEndpoint(0, "PORT");
        String manifest = ManifestPublisher.render(builder.resources(), Path.of("out")).get("aspire-manifest.json");
        assertThat(manifest.indent(-4)).contains("""
                    "worker": {
                      "type": "executable.v0",
                      "workingDirectory": "..",
                      "command": "node",
                      "args": [
                        "server.js",
                        "{key.value}"
                      ],
                      "env": {
                        "K": "it\\u0027s \\u003Cx\\u003E",
                        "PORT": "{worker.bindings.http.targetPort}"
                      },
                      "bindings": {
                        "http": {
                          "scheme": "http",
                          "protocol": "tcp",
                          "transport": "http",
                          "targetPort": 8080
                        }
                      }
                    }""").contains("\"targetPort\": 8000").doesNotContain("\"port\"").contains("\"secret\": true");
        assertThat(List.of(manifest.split("\n"))).doesNotContain("");
    }
}
