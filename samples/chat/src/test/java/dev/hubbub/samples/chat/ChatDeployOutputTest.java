package dev.hubbub.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app host publishes for Azure Container Apps and builds the chat API's container image with Jib, offline:
 * {@code scratch} plus a Java runtime made with jlink from the JDK running the test (docs/apphost.md, section 7).
 */
class ChatDeployOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RUNTIME = Path.of("target/test-java-runtime");

    @Test
    void publishesMainBicepAndARealImageTarballOfTheChatApi(@TempDir Path out) throws Exception {
        ChatAppHost.main(new String[] {"--publisher", "azure", "--output-path", out.toString(),
                "--container-images", "tar", "--container-registry", "example.azurecr.io", "--container-image-tag", "1",
                "--container-base-image", "scratch", "--container-java-runtime", javaRuntime().toString()});

        assertThat(Files.readString(out.resolve("main.bicep"))).contains("module api_containerapp 'api-containerapp/api-containerapp.bicep'");
        assertThat(Files.readString(out.resolve("api-containerapp/api-containerapp.bicep")).replaceAll("\\s+", " "))
                .contains("ingress: { external: true targetPort: 8080 transport: 'http' }");

        Map<String, byte[]> files = untar(Files.newInputStream(out.resolve("images/api.tar")));
        JsonNode index = JSON.readTree(files.get("index.json")).get("manifests").get(0);
        assertThat(index.toString()).contains("example.azurecr.io/api:1");
        JsonNode manifest = JSON.readTree(files.get("blobs/" + index.get("digest").asText().replace(':', '/')));
        JsonNode config = JSON.readTree(files.get("blobs/" + manifest.get("config").get("digest").asText().replace(':', '/')));
        JsonNode entrypoint = config.get("config").get("Entrypoint");
        assertThat(entrypoint.get(0).asText()).isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint.get(entrypoint.size() - 1).asText()).isEqualTo(ChatApi.class.getName());
        assertThat(entrypoint.get(2).asText()).startsWith("/app/classes/0:").contains("/app/libs/");
        assertThat(config.get("config").get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(manifest.get("layers")).hasSizeGreaterThanOrEqualTo(3);
    }

    private static synchronized Path javaRuntime() {
        if (Files.isExecutable(RUNTIME.resolve("bin/java"))) {
            return RUNTIME.toAbsolutePath();
        }
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "jlink is missing: the test needs a JDK, not a JRE."));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
        int code = jlink.run(ps, ps, "--add-modules", "java.base", "--strip-debug", "--no-man-pages", "--no-header-files",
                "--output", RUNTIME.toString());
        assertThat(code).as("jlink: %s", log.toString(StandardCharsets.UTF_8)).isZero();
        return RUNTIME.toAbsolutePath();
    }

    /** Entries of a tar, with commons-compress from jib-core's runtime classpath. */
    private static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return out;
    }
}
