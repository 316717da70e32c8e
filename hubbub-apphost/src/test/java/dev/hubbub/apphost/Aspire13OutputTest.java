package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.azure.SignalRBuiltInRole;
import dev.hubbub.apphost.internal.image.ContainerImageSettings;
import dev.hubbub.apphost.internal.manifest.JsonWriter;
import dev.hubbub.apphost.internal.manifest.ManifestPublisher;
import dev.hubbub.apphost.internal.publish.ContainerAppsPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --output-format aspire-13} and {@code --publisher azure} against Aspire's own snapshot files
 * ({@code src/test/resources/aspire-snapshots/}), for the same app model.
 */
class Aspire13OutputTest {

    private static final Path SNAPSHOTS = Path.of("src/test/resources/aspire-snapshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContainerImageSettings IMAGES =
            new ContainerImageSettings(ContainerImageSettings.Mode.NONE, null, "latest", "scratch", null);

    static String snapshot(String name) throws IOException {
        return normalize(Files.readString(SNAPSHOTS.resolve(name), StandardCharsets.UTF_8));
    }

    static String normalize(String s) {
        String t = s.startsWith("\uFEFF") ? s.substring(1) : s;
        t = t.replace("\r\n", "\n");
        while (t.endsWith("\n")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static Map<String, String> manifest13(DistributedApplicationBuilder b) {
        return ManifestPublisher.render(b.resources(), Path.of("out"), IMAGES, AzureOutputFormat.ASPIRE_13);
    }

    /** One resource's manifest entry, written the way Aspire's test helper writes it. */
    private static String entry(String manifest, String resource) throws IOException {
        JsonNode node = JSON.readTree(manifest).get("resources").get(resource);
        assertThat(node).as("manifest entry %s", resource).isNotNull();
        return JsonWriter.write(JSON.convertValue(node, Map.class));
    }

    @Test
    void defaultModeMatchesAspiresAddAzureSignalRSnapshots() throws IOException {
        var b = TestBuilders.publish();
        b.addAzureSignalR("signalr");
        Map<String, String> files = manifest13(b);
        assertThat(files.get("signalr.module.bicep")).isEqualTo(snapshot("AzureSignalRExtensionsTests.AddAzureSignalR#00.verified.bicep"));
        assertThat(files.get("signalr-roles.module.bicep")).isEqualTo(snapshot("AzureSignalRExtensionsTests.AddAzureSignalR#01.verified.bicep"));
        assertThat(entry(files.get("aspire-manifest.json"), "signalr"))
                .isEqualTo(snapshot("AzureSignalRExtensionsTests.AddAzureSignalR#00.verified.json"));
        assertThat(entry(files.get("aspire-manifest.json"), "signalr-roles"))
                .isEqualTo(snapshot("AzureSignalRExtensionsTests.AddAzureSignalR#01.verified.json"));
        assertThat(ManifestSchema.violations(files.get("aspire-manifest.json"))).isEmpty();
    }

    @Test
    void serverlessModeMatchesAspiresSnapshots() throws IOException {
        var b = TestBuilders.publish();
        b.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS);
        Map<String, String> files = manifest13(b);
        assertThat(files.get("signalr.module.bicep"))
                .isEqualTo(snapshot("AzureSignalRExtensionsTests.AddServerlessAzureSignalR#00.verified.bicep"));
        assertThat(files.get("signalr-roles.module.bicep"))
                .isEqualTo(snapshot("AzureSignalRExtensionsTests.AddServerlessAzureSignalR#01.verified.bicep"));
        assertThat(entry(files.get("aspire-manifest.json"), "signalr-roles"))
                .isEqualTo(snapshot("AzureSignalRExtensionsTests.AddServerlessAzureSignalR#01.verified.json"));
    }

    @Test
    void referencesInjectTheUriAndTheDefaultFormatDoesNot() {
        var b = TestBuilders.publish();
        var signalr = b.addAzureSignalR("signalr");
        b.addProject("api", "com.example.Api").withReference(signalr).withReference(signalr, "my-hub");
        String m13 = manifest13(b).get("aspire-manifest.json");
        assertThat(m13.replaceAll("\\s+", " ")).contains("\"env\": { "
                + "\"ConnectionStrings__signalr\": \"{signalr.connectionString}\", "
                + "\"SIGNALR_URI\": \"https://{signalr.outputs.hostName}\", "
                + "\"ConnectionStrings__my-hub\": \"{signalr.connectionString}\", "
                + "\"MY_HUB_URI\": \"https://{signalr.outputs.hostName}\" }").doesNotContain("$schema");
        String m91 = ManifestPublisher.render(b.resources(), Path.of("out")).get("aspire-manifest.json");
        assertThat(m91).doesNotContain("_URI").contains("$schema");
    }

    @Test
    void roleAssignmentsNeedContainerApps() {
        var b = TestBuilders.publish();
        var signalr = b.addAzureSignalR("signalr");
        b.addProject("api", "com.example.Api").withRoleAssignments(signalr, SignalRBuiltInRole.SIGNALR_CONTRIBUTOR);
        assertThatThrownBy(() -> manifest13(b)).hasMessageStartingWith("The application model does not support role "
                + "assignments. Ensure you are using an environment that supports role assignments");
    }

    private static Map<String, String> containerApps(DistributedApplicationBuilder b) {
        return ContainerAppsPublisher.render(b.resources(), "env", IMAGES::imageReference);
    }

    @Test
    void theEnvironmentModuleIsAspires() throws IOException {
        var b = TestBuilders.publish();
        b.addProject("api", "com.example.Api");
        Map<String, String> files = containerApps(b);
        assertThat(files.get("env/env.bicep"))
                .isEqualTo(snapshot("AzureEnvironmentResourceTests.WhenUsedWithAzureContainerAppsEnvironment_GeneratesProperBicep#01.verified.bicep"));
        // Aspire's main.bicep up to the environment module; Hubbub adds the container apps after it.
        String aspireMain = snapshot("AzureEnvironmentResourceTests.WhenUsedWithAzureContainerAppsEnvironment_GeneratesProperBicep#00.verified.bicep");
        String upToEnv = aspireMain.substring(0, aspireMain.indexOf("\n\noutput "));
        assertThat(files.get("main.bicep")).startsWith(upToEnv.replace("param principalId string\n",
                "param principalId string\n\n@description('Image of \\'api\\', e.g. api:latest pushed to the registry of output "
                        + "env_AZURE_CONTAINER_REGISTRY_ENDPOINT.')\nparam api_containerimage string\n"));
    }

    @Test
    void aProjectWithoutReferencesIsAspiresContainerApp() throws IOException {
        var b = TestBuilders.publish();
        b.addProject("api", "com.example.Api");
        assertThat(containerApps(b).get("api-containerapp/api-containerapp.bicep")).isEqualTo(snapshot(
                "AzureContainerAppsTests.AddDockerfileWithAppsInfrastructureAddsDeploymentTargetWithContainerAppToContainerResources.verified.bicep"));
    }

    @Test
    void identityAndTargetedRolesAreAspires() throws IOException {
        var b = TestBuilders.publish();
        var signalr = b.addAzureSignalR("signalr");
        b.addProject("api", "com.example.Api").withRoleAssignments(signalr, SignalRBuiltInRole.SIGNALR_CONTRIBUTOR);
        Map<String, String> files = containerApps(b);
        assertThat(files.get("api-identity/api-identity.bicep"))
                .isEqualTo(snapshot("AzureContainerAppsTests.RoleAssignmentsWithAsExisting#02.verified.bicep"));
        assertThat(files.get("api-roles-signalr/api-roles-signalr.bicep"))
                .isEqualTo(snapshot("RoleAssignmentTests.SignalRSupport.verified.bicep"));
        assertThat(files.get("signalr/signalr.bicep"))
                .isEqualTo(snapshot("AzureSignalRExtensionsTests.AddAzureSignalR#00.verified.bicep"));
        assertThat(files.get("main.bicep")).contains("""
                module api_roles_signalr 'api-roles-signalr/api-roles-signalr.bicep' = {
                  name: 'api-roles-signalr'
                  scope: rg
                  params: {
                    location: location
                    signalr_outputs_name: signalr.outputs.name
                    principalId: api_identity.outputs.principalId
                  }
                }""");
    }
}
