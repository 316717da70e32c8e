package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.apphost.internal.manifest.ManifestPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every manifest Hubbub writes, and every golden manifest in the repository, validates against Aspire's schema. */
class ManifestSchemaTest {

    private static final List<Path> GOLDEN_ROOTS = List.of(
            Path.of("src/test/resources/golden"), Path.of("../samples/seed/src/test/resources/golden"));

    @Test
    void everyGoldenManifestValidates() throws IOException {
        List<Path> manifests;
        try (Stream<Path> all = GOLDEN_ROOTS.stream().filter(Files::isDirectory).flatMap(ManifestSchemaTest::walk)) {
            manifests = all.filter(p -> p.getFileName().toString().equals("aspire-manifest.json")).sorted().toList();
        }
        assertThat(manifests).as("golden manifests found").hasSizeGreaterThanOrEqualTo(9);
        for (Path m : manifests) {
            assertThat(ManifestSchema.violations(m)).as("schema violations of %s", m).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsWhatItShould() {
        assertThat(ManifestSchema.violations("""
                {"resources": {"x": {"type": "executable.v0", "command": "node"}}}""")).isNotEmpty();
        assertThat(ManifestSchema.violations("""
                {"resources": {"x": {"type": "azure.bicep.v1", "path": "x.bicep", "scope": {"resourceGroup": "rg"}}}}""")).isEmpty();
    }

    @Test
    void executablesWithoutAWorkingDirectoryValidate() {
        var builder = TestBuilders.publish();
        builder.addExecutable("worker", "node", "server.js").withHttpEndpoint(0, "PORT");
        String manifest = ManifestPublisher.render(builder.resources(), Path.of("out")).get("aspire-manifest.json");
        assertThat(ManifestSchema.violations(manifest)).isEmpty();
        // The app host's working directory, relative to the manifest's directory (out/..).
        assertThat(manifest).contains("\"workingDirectory\": \"..\"");
    }

    @Test
    void aModelWithEveryKindOfResourceValidates() {
        var builder = TestBuilders.publish();
        var name = builder.addParameter("name");
        var rg = builder.addParameter("rg", "my-rg", true, false);
        var existing = builder.addAzureSignalR("existing").asExisting(name, rg);
        var signalr = builder.addAzureSignalR("signalr", dev.hubbub.apphost.azure.AzureSignalRServiceMode.SERVERLESS);
        var cs = builder.addConnectionString("other");
        builder.addProject("api", "com.example.Api").withReference(signalr).withReference(existing).withReference(cs)
                .withHttpEndpoint(8080, "PORT").withEnvironment("NAME", name);
        builder.addExecutable("tool", "node", "x.js").withWorkingDirectory(Path.of("out/tool"));
        String manifest = ManifestPublisher.render(builder.resources(), Path.of("out")).get("aspire-manifest.json");
        assertThat(ManifestSchema.violations(manifest)).isEmpty();
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
