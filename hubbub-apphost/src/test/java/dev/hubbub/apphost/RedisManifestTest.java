package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.internal.image.ContainerImageSettings;
import dev.hubbub.apphost.internal.manifest.JsonWriter;
import dev.hubbub.apphost.internal.manifest.ManifestPublisher;
import dev.hubbub.apphost.internal.publish.ContainerAppsPublisher;
import dev.hubbub.apphost.testapps.PrintEnv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code addRedis} in publish mode against the manifests Aspire itself writes for its {@code ProxylessEndToEnd}
 * playground ({@code AddRedis("redis", 9999)} referenced by projects): v9.2.0's for the default format, 13.2's
 * for {@code aspire-13}. Fact sources: {@code src/test/resources/aspire-snapshots/playground.ProxylessEndToEnd.*}.
 */
class RedisManifestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContainerImageSettings IMAGES =
            new ContainerImageSettings(ContainerImageSettings.Mode.NONE, null, "latest", "scratch", null);

    private static JsonNode render(AzureOutputFormat format) throws IOException {
        var b = TestBuilders.publish();
        var redis = b.addRedis("redis", 9999);
        b.addProject("api", PrintEnv.class).withReference(redis).waitFor(redis);
        String manifest = ManifestPublisher.render(b.resources(), Path.of("out"), IMAGES, format)
                .get(ManifestPublisher.MANIFEST_FILE);
        return JSON.readTree(manifest);
    }

    private static JsonNode snapshot(String ref) throws IOException {
        return JSON.readTree(Aspire13OutputTest.snapshot("playground.ProxylessEndToEnd." + ref + ".aspire-manifest.json"));
    }

    private static String text(JsonNode node) {
        return JsonWriter.write(JSON.convertValue(node, Map.class));
    }

    private static List<String> names(JsonNode manifest) {
        List<String> names = new ArrayList<>();
        manifest.get("resources").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The variables of {@code env} whose names start with {@code prefix} or are the connection string. */
    private static Map<String, String> redisVariables(JsonNode env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.properties().forEach(e -> {
            if (e.getKey().startsWith("REDIS_") || e.getKey().equals("ConnectionStrings__redis")) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    @Test
    void defaultFormatWritesAspire92sRedisContainerAndGeneratedPassword() throws IOException {
        JsonNode ours = render(AzureOutputFormat.ASPIRE_9_1);
        JsonNode aspire = snapshot("v9.2.0");
        for (String name : List.of("redis", "redis-password")) {
            assertThat(text(ours.get("resources").get(name))).as(name).isEqualTo(text(aspire.get("resources").get(name)));
        }
        // Aspire writes the generated parameter after the model's resources
        assertThat(names(ours)).containsExactly("redis", "api", "redis-password");
        assertThat(redisVariables(ours.get("resources").get("api").get("env")))
                .isEqualTo(redisVariables(aspire.get("resources").get("api").get("env")))
                .containsExactly(Map.entry("ConnectionStrings__redis", "{redis.connectionString}"));
    }

    /**
     * Hubbub's whole manifest for the model, golden files in {@code src/test/resources/golden/redis/} (regenerate with
     * {@code -Dhubbub.golden.update=true} and review the diff: the Redis parts must stay as in Aspire's files above).
     */
    @Test
    void wholeManifestsMatchTheGoldenFiles() throws IOException {
        for (AzureOutputFormat format : AzureOutputFormat.values()) {
            var b = TestBuilders.publish();
            var redis = b.addRedis("redis", 9999);
            b.addProject("api", PrintEnv.class).withReference(redis).waitFor(redis);
            String manifest = ManifestPublisher.render(b.resources(), Path.of("out"), IMAGES, format)
                    .get(ManifestPublisher.MANIFEST_FILE);
            Path golden = Path.of("src/test/resources/golden/redis/" + format.id() + ".json");
            if (Boolean.getBoolean("hubbub.golden.update")) {
                java.nio.file.Files.createDirectories(golden.getParent());
                java.nio.file.Files.writeString(golden, manifest + "\n", java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(manifest).as(format.id()).isEqualTo(
                    java.nio.file.Files.readString(golden, java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
        }
    }

    @Test
    void bothFormatsPassAspiresManifestSchema() throws IOException {
        for (AzureOutputFormat format : AzureOutputFormat.values()) {
            assertThat(ManifestSchema.violations(text(render(format)))).as(format.id()).isEmpty();
        }
    }

    @Test
    void aspire13FormatWritesTheTlsConditionalAndConnectionProperties() throws IOException {
        JsonNode ours = render(AzureOutputFormat.ASPIRE_13);
        JsonNode aspire = snapshot("d44e195d6045");
        String cond = "cond-redis-bindings-tcp-tlsenabled-d148d83a";
        for (String name : List.of("redis", "redis-password", "redis-password-uri-encoded", cond)) {
            assertThat(ours.get("resources").get(name)).as(name).isNotNull();
            assertThat(text(ours.get("resources").get(name))).as(name).isEqualTo(text(aspire.get("resources").get(name)));
        }
        assertThat(names(ours)).containsExactly("redis", "api", "redis-password", "redis-password-uri-encoded", cond);
        assertThat(redisVariables(ours.get("resources").get("api").get("env")))
                .isEqualTo(redisVariables(aspire.get("resources").get("api").get("env")))
                .hasSize(5);
    }

    @Test
    void aGivenPasswordParameterStaysWhereTheModelPutsIt() throws IOException {
        var b = TestBuilders.publish();
        var password = b.addParameter("pass", true);
        b.addRedis("cache", null, password);
        JsonNode manifest = JSON.readTree(ManifestPublisher.render(b.resources(), Path.of("out"), IMAGES,
                AzureOutputFormat.ASPIRE_9_1).get(ManifestPublisher.MANIFEST_FILE));
        assertThat(names(manifest)).containsExactly("pass", "cache");
        JsonNode cache = manifest.get("resources").get("cache");
        // Aspire's AddRedisTests.VerifyWithPasswordManifest (v9.2.0): the given parameter replaces <name>-password
        assertThat(cache.get("connectionString").asText())
                .isEqualTo("{cache.bindings.tcp.host}:{cache.bindings.tcp.port},password={pass.value}");
        assertThat(cache.get("env").get("REDIS_PASSWORD").asText()).isEqualTo("{pass.value}");
        assertThat(cache.get("bindings").get("tcp").has("port")).isFalse();
    }

    @Test
    void theAzurePublisherRefusesRedisWithWhatToDo() {
        var b = TestBuilders.publish();
        var redis = b.addRedis("cache");
        b.addProject("api", PrintEnv.class).withReference(redis);
        assertThatThrownBy(() -> ContainerAppsPublisher.render(b.resources(), "env", name -> "img/" + name))
                .isInstanceOf(DistributedApplicationException.class)
                .hasMessageContaining("Redis 'cache' cannot be deployed to Azure Container Apps by --publisher azure")
                .hasMessageContaining("--publisher manifest");
    }

    @Test
    void modelChecksNameAndPort() {
        var b = TestBuilders.publish();
        assertThatThrownBy(() -> b.addRedis("1cache")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1cache'");
        assertThatThrownBy(() -> b.addRedis("cache", 70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        b.addRedis("cache");
        assertThatThrownBy(() -> b.addRedis("CACHE")).isInstanceOf(DistributedApplicationException.class)
                .hasMessageContaining("Resource names are case-insensitive");
    }
}
