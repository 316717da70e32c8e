package dev.hubbub.apphost.internal.manifest;

import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.redis.RedisResource;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Redis resource in the manifest: Aspire's Redis container ({@code container.v0}), the password passed through
 * {@code /bin/sh -c} and {@code $REDIS_PASSWORD} as Aspire does (dotnet/aspire#3838).
 *
 * <p>Fact sources (dotnet/aspire): {@code tests/Aspire.Hosting.Redis.Tests/AddRedisTests.cs}
 * ({@code VerifyWithoutPasswordManifest} at v9.2.0, {@code VerifyDefaultManifest} at release/13.2),
 * {@code src/Aspire.Hosting.Redis/RedisContainerImageTags.cs} (tag 7.4 in 9.1 and 9.2, 8.6 in 13.2),
 * {@code src/Aspire.Hosting.Redis/RedisResource.cs} and
 * {@code src/Aspire.Hosting/ApplicationModel/ReferenceExpression.cs} (13.2's conditional {@code ,ssl=true}).
 */
final class RedisManifest {

    /** Aspire 9.1 and 9.2's tag of {@code docker.io/library/redis}. */
    static final String TAG_9 = "7.4";
    /** Aspire 13.2's tag. */
    static final String TAG_13 = "8.6";

    private RedisManifest() {
    }

    /**
     * Aspire 9.1 wrote Redis without a password; 9.2 added the generated one. Hubbub always protects Redis with a
     * password, so the 9.1 format writes 9.2's entry (same image tag, 7.4), the earliest Aspire shape with one.
     * Aspire 13.2 adds its TLS switch as a conditional expression and gives the endpoint the scheme {@code redis}.
     *
     * @param conditionals where the 13.2 conditional resource is recorded (name to resolved value)
     */
    static Map<String, Object> entry(RedisResource r, AzureOutputFormat format, Map<String, Object> bindings,
            Map<String, String> conditionals) {
        boolean v13 = format == AzureOutputFormat.ASPIRE_13;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "container.v0");
        String cs = r.connectionStringExpression().valueExpression();
        if (v13) {
            String name = tlsConditionalName(r);
            // Publish mode never enables TLS on the endpoint: the conditional resolves to its "disabled" branch.
            conditionals.put(name, "");
            cs += "{" + name + ".connectionString}";
        }
        m.put("connectionString", cs);
        m.put("image", "docker.io/library/redis:" + (v13 ? TAG_13 : TAG_9));
        m.put("entrypoint", "/bin/sh");
        m.put("args", List.of("-c", "redis-server --requirepass $REDIS_PASSWORD"));
        m.put("env", Map.of("REDIS_PASSWORD", r.passwordParameter().valueExpression()));
        m.put("bindings", bindings);
        return m;
    }

    /** The {@code tcp} binding: {@code port} only when fixed and not 6379. */
    static Map<String, Object> bindings(RedisResource r, AzureOutputFormat format) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("scheme", format == AzureOutputFormat.ASPIRE_13 ? "redis" : "tcp");
        b.put("protocol", "tcp");
        b.put("transport", "tcp");
        Integer port = r.primaryEndpoint().port();
        if (port != null && port != RedisResource.TARGET_PORT) {
            b.put("port", port);
        }
        b.put("targetPort", RedisResource.TARGET_PORT);
        return Map.of(RedisResource.PRIMARY_ENDPOINT_NAME, b);
    }

    /**
     * Aspire 13.2's name of the {@code GetTlsValue(",ssl=true", "")} conditional: {@code cond-} + the condition's
     * expression in lower case with runs of other characters as {@code -}, then {@code -} + xxHash32 of condition
     * expression, true branch, false branch and match value ({@code True}).
     */
    static String tlsConditionalName(RedisResource r) {
        String condition = "{" + r.name() + ".bindings." + RedisResource.PRIMARY_ENDPOINT_NAME + ".tlsEnabled}";
        String hash = XxHash32.hex((condition + ",ssl=true" + "" + "True").getBytes(StandardCharsets.UTF_8));
        return "cond-" + sanitize(condition) + "-" + hash;
    }

    private static String sanitize(String expression) {
        StringBuilder sb = new StringBuilder();
        boolean lastWasSeparator = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
                lastWasSeparator = false;
            } else if (!lastWasSeparator && sb.length() > 0) {
                sb.append('-');
                lastWasSeparator = true;
            }
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '-') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }
}
