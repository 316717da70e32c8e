package dev.hubbub.apphost.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.DistributedApplicationOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces of run-mode Redis: the RESP bytes, the configuration text and the dashboard's masking. */
class RedisRunPiecesTest {

    @Test
    void authAndPingAreRespArraysOfBulkStrings() {
        // *2 CRLF $4 CRLF AUTH CRLF $6 CRLF s3cr€t (UTF-8: 6 bytes) CRLF
        assertThat(new String(RedisPing.command("AUTH", "s3cr€t"), StandardCharsets.UTF_8))
                .isEqualTo("*2\r\n$4\r\nAUTH\r\n$8\r\ns3cr€t\r\n");
        assertThat(new String(RedisPing.command("PING"), StandardCharsets.US_ASCII)).isEqualTo("*1\r\n$4\r\nPING\r\n");
    }

    @Test
    void theConfigurationQuotesThePasswordAndPersistsNothing() {
        String config = RedisServerCommand.config(6380, "a\"b\\c d", Path.of("/tmp/x"), true);
        assertThat(config).isEqualTo("bind 127.0.0.1 -::1\nport 6380\nprotected-mode yes\nrequirepass \"a\\\"b\\\\c d\"\n"
                + "save \"\"\nappendonly no\ndir \"/tmp/x\"\n");
        assertThat(RedisServerCommand.config(6380, "p", Path.of("/tmp/x"), false)).startsWith("bind 127.0.0.1\n");
        assertThatThrownBy(() -> RedisServerCommand.config(6380, "line\nbreak", Path.of("/tmp/x"), true))
                .isInstanceOf(DistributedApplicationException.class).hasMessageContaining("control character (at index 4)")
                .hasMessageNotContaining("line\nbreak");
    }

    @Test
    void theDashboardMasksEveryVariableMadeWithThePassword() {
        var builder = DistributedApplication.createBuilder(new DistributedApplicationOptions(List.of(), Map.of(),
                Map.of(), Path.of("does-not-exist.json")));
        var cache = builder.addRedis("cache");
        var api = builder.addExecutable("api", "true").withReference(cache).withEnvironment("PLAIN", "x");
        assertThat(DashboardBridge.secretNames(api.resource()))
                .containsExactlyInAnyOrder("ConnectionStrings__cache", "CACHE_PASSWORD", "CACHE_URI");
    }
}
