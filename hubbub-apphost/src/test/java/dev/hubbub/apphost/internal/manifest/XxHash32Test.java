package dev.hubbub.apphost.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** xxHash32 against the reference implementation's vectors, and Aspire 13.2's conditional names. */
class XxHash32Test {

    private static String hex(String s) {
        return XxHash32.hex(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void referenceVectors() {
        assertThat(hex("")).isEqualTo("02cc5d05");
        assertThat(hex("a")).isEqualTo("550d7456");
        assertThat(hex("abc")).isEqualTo("32d153ff");
        // 16+ bytes take the four-accumulator path
        assertThat(hex("Nobody inspects the spammish repetition")).isEqualTo("e2293b2f");
    }

    @Test
    void conditionalNamesOfAspiresPlaygroundManifests() {
        // dotnet/aspire d44e195d6045: playground/AzureContainerApps (AddRedis("cache")) and ProxylessEndToEnd ("redis")
        String cache = "{cache.bindings.tcp.tlsEnabled},ssl=trueTrue";
        String redis = "{redis.bindings.tcp.tlsEnabled},ssl=trueTrue";
        assertThat(hex(cache)).isEqualTo("3eddb73a");
        assertThat(hex(redis)).isEqualTo("d148d83a");
    }
}
