package dev.hubbub.server.redis;

import dev.hubbub.test.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Redis password never shows in toString, health, error messages or logs. */
class RedisBackplaneSecretsTest {
  private static final String SECRET = "s3cret-Pa55word";

  @Test
  void thePasswordIsMaskedEverywhere() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (RedisServerProcess redis = RedisServerProcess.start(SECRET)) {
      assertThat(redis.uri()).contains(SECRET);
      RedisBackplane backplane = RedisBackplane.create(redis.uri());
      assertThat(backplane.options().toString()).doesNotContain(SECRET)
          .contains("redis://***@127.0.0.1:" + redis.port());
      try (HubServer server = HubServer.builder().port(0).hub("/scale", ScaleOutHub.class).backplane(backplane)
          .start()) {
        assertThat(backplane.toString()).doesNotContain(SECRET).contains("connected");
        redis.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.health().degradedReason() != null);
        assertThat(server.health().toJson()).doesNotContain(SECRET).contains("redis://***@127.0.0.1");
        assertThatThrownBy(() -> server.hubContext(ScaleOutHub.class).clients().all().send("m").join())
            .hasMessageNotContaining(SECRET).hasMessageContaining("***@");
        redis.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> server.health().degradedReason() == null);
      }
      // a wrong password: refused, and neither password is in the message
      String wrong = redis.uri().replace(SECRET, "wrong-" + SECRET);
      assertThatThrownBy(() -> HubServer.builder().port(0).hub("/scale", ScaleOutHub.class)
          .backplane(RedisBackplane.create(wrong)).start())
          .isInstanceOf(RedisBackplaneException.class)
          .hasMessageNotContaining(SECRET)
          .hasMessageContaining("Cannot connect to Redis at redis://***@127.0.0.1:" + redis.port());
    } finally {
      System.setErr(err);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("Redis backplane connected to redis://***@127.0.0.1").doesNotContain(SECRET);
  }
}
