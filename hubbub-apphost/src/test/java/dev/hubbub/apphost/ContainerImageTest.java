package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.apphost.testapps.HealthyHttpApp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing with {@code --container-images tar} builds a real image tarball per Java project with Jib, offline:
 * the base is {@code scratch} plus a Java runtime layer made with jlink from the JDK running the test.
 */
class ContainerImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path classesOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Path> publish(Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--publisher", "manifest", "--output-path", out.toString(),
                "--container-images", "tar", "--container-registry", "example.azurecr.io", "--container-image-tag", "1.0",
                "--container-base-image", "scratch", "--container-java-runtime", TestRuntimes.javaBase().toString()));
        args.addAll(List.of(extra));
        var builder = DistributedApplication.createBuilder(TestBuilders.options(Map.of(), args.toArray(String[]::new)));
        builder.addProject("api", HealthyHttpApp.class)
                .withClasspath(classesOf(HealthyHttpApp.class), classesOf(org.slf4j.Logger.class))
                .withHttpEndpoint(8080, "PORT");
        return builder.build().publish();
    }

    @Test
    void aJavaProjectBecomesAnImageTarballAndAContainerInTheManifest(@TempDir Path out) throws Exception {
        List<Path> written = publish(out);
        Path tar = out.resolve("images/api.tar");
        assertThat(written).contains(tar);
        assertThat(out.resolve("images/.jib-cache")).doesNotExist();

        String manifest = Files.readString(out.resolve("aspire-manifest.json"));
        assertThat(ManifestSchema.violations(manifest)).isEmpty();
        assertThat(manifest.replaceAll("\\s+", " ")).contains(
                "\"api\": { \"type\": \"container.v0\", \"image\": \"example.azurecr.io/api:1.0\", "
                        + "\"env\": { \"PORT\": \"{api.bindings.http.targetPort}\" }");

        // An OCI image layout: index.json -> image manifest -> config and gzipped layers, all in blobs/sha256/.
        Map<String, byte[]> files = untar(Files.newInputStream(tar));
        assertThat(files).as("entries of %s", files.keySet()).containsKeys("oci-layout", "index.json");
        JsonNode index = JSON.readTree(files.get("index.json")).get("manifests").get(0);
        assertThat(index.toString()).contains("example.azurecr.io/api:1.0");
        JsonNode imageManifest = JSON.readTree(blob(files, index.get("digest").asText()));
        JsonNode config = JSON.readTree(blob(files, imageManifest.get("config").get("digest").asText()));
        JsonNode entrypoint = config.get("config").get("Entrypoint");
        assertThat(entrypoint.get(0).asText()).isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint.get(2).asText()).isEqualTo("/app/classes/0:/app/libs/" + classesOf(org.slf4j.Logger.class).getFileName());
        assertThat(entrypoint.get(3).asText()).isEqualTo(HealthyHttpApp.class.getName());
        assertThat(config.get("config").get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.get("config").get("WorkingDir").asText()).isEqualTo("/app");

        List<String> paths = new ArrayList<>();
        for (JsonNode layer : imageManifest.get("layers")) {
            paths.addAll(untar(new GZIPInputStream(new java.io.ByteArrayInputStream(blob(files, layer.get("digest").asText())))).keySet());
        }
        assertThat(paths).contains("opt/java/bin/java", "opt/java/lib/modules",
                "app/classes/0/dev/hubbub/apphost/testapps/HealthyHttpApp.class",
                "app/libs/" + classesOf(org.slf4j.Logger.class).getFileName());
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) {
        byte[] b = files.get("blobs/" + digest.replace(':', '/'));
        assertThat(b).as("blob %s among %s", digest, files.keySet()).isNotNull();
        return b;
    }

    @Test
    void theSameInputsGiveTheSameImage(@TempDir Path a, @TempDir Path b) throws Exception {
        publish(a);
        publish(b);
        assertThat(Files.mismatch(a.resolve("images/api.tar"), b.resolve("images/api.tar"))).isEqualTo(-1L);
    }

    @Test
    void badSettingsSayWhatToDo(@TempDir Path out) {
        var builder = DistributedApplication.createBuilder(TestBuilders.options(Map.of(), "--publisher", "manifest",
                "--output-path", out.toString(), "--container-images", "registry"));
        builder.addProject("api", HealthyHttpApp.class);
        assertThatThrownBy(() -> builder.build().publish()).hasMessageContaining("--container-images registry needs a "
                + "registry to push to: set Publishing:ContainerRegistry (--container-registry myregistry.azurecr.io).");
        var scratch = DistributedApplication.createBuilder(TestBuilders.options(Map.of(), "--publisher", "manifest",
                "--output-path", out.toString(), "--container-images", "tar", "--container-base-image", "scratch"));
        scratch.addProject("api", HealthyHttpApp.class);
        assertThatThrownBy(() -> scratch.build().publish()).hasMessageContaining("has no Java: set "
                + "Publishing:ContainerJavaRuntime");
        var missing = DistributedApplication.createBuilder(TestBuilders.options(Map.of(), "--publisher", "manifest",
                "--output-path", out.toString(), "--container-images", "tar", "--container-base-image", "tar://" + out.resolve("nope.tar")));
        missing.addProject("api", HealthyHttpApp.class).withClasspath(out);
        assertThatThrownBy(() -> missing.build().publish()).hasMessageStartingWith(
                "Cannot build the container image api:latest of project 'api': ");
    }

    private static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isDirectory()) {
                    out.put(e.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""), tar.readAllBytes());
                }
            }
        }
        return out;
    }
}
