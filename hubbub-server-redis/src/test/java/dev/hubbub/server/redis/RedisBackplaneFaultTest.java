package dev.hubbub.server.redis;

import dev.hubbub.test.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.internal.RedisChannels;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.ReceivedMessage;
import dev.hubbub.test.client.TransportType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed (SIGKILL) under two running hub servers, then started again on the same port: local sends keep
 * reaching local clients, cross-server operations fail fast with a clear error, health says Degraded, and after
 * the restart the backplane resubscribes (groups included) and every send is delivered again.
 */
class RedisBackplaneFaultTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private HubServer server(RedisServerProcess redis) {
    return track(HubServer.builder().port(0).hub("/scale", ScaleOutHub.class)
        .backplane(RedisBackplane.create(RedisBackplaneOptions.builder(redis.uri())
            .commandTimeout(Duration.ofSeconds(1)).build()))
        .start());
  }

  private HubTestClient client(HubServer server, RedisServerProcess redis) {
    HubTestClient c = track(HubTestClient.create("http://127.0.0.1:" + server.port() + "/scale",
        o -> o.transport(TransportType.WEB_SOCKETS))).start();
    awaitSubscribed(redis, RedisChannels.of("", ScaleOutHub.class.getName()).connection(c.connectionId()));
    return c;
  }

  private static void awaitSubscribed(RedisServerProcess redis, String channel) {
    try (RedisClient raw = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = raw.connect()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> c.sync().pubsubNumsub(channel).get(channel) > 0);
    }
  }

  private static HttpResponse<String> health(HubServer server) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String text(ReceivedMessage m) {
    return m.argument(0, String.class);
  }

  @Test
  void redisDownThenBack() throws Exception {
    RedisServerProcess redis = track(RedisServerProcess.start(null));
    HubServer a = server(redis);
    HubServer b = server(redis);
    HubTestClient a1 = client(a, redis);
    HubTestClient b1 = client(b, redis);
    a.hubContext(ScaleOutHub.class).groups().add(b1.connectionId(), "room").get(5, TimeUnit.SECONDS);
    assertThat(health(a).body()).contains("\"status\":\"Healthy\"");

    redis.kill();
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(5)).until(() -> a.health().degradedReason() != null);
    assertThat(a.health().status()).isEqualTo("Degraded");
    assertThat(a.health().healthy()).isTrue();
    HttpResponse<String> degraded = health(a);
    assertThat(degraded.statusCode()).isEqualTo(200);
    assertThat(degraded.body()).contains("\"status\":\"Degraded\"").contains("Redis at redis://127.0.0.1:"
        + redis.port() + " is unreachable");

    // a local send still reaches the local client; its future says the other servers were not reached
    long start = System.nanoTime();
    CompletableFuture<Void> all = a.hubContext(ScaleOutHub.class).clients().all().send("m", "while down");
    assertThat(text(a1.on("m").awaitNext())).isEqualTo("while down");
    assertThatThrownBy(() -> all.get(2, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(RedisBackplaneException.class)
        .hasMessageContaining("Redis at redis://127.0.0.1:" + redis.port() + " is unreachable")
        .hasMessageContaining("reached this server's connections only");
    // cross-server operations fail fast
    CompletableFuture<Void> remoteAdd = a.hubContext(ScaleOutHub.class).groups().add(b1.connectionId(), "other");
    assertThatThrownBy(() -> remoteAdd.get(2, TimeUnit.SECONDS)).cause()
        .isInstanceOf(RedisBackplaneException.class).hasMessageContaining("is unreachable");
    CompletableFuture<Void> toB = a.hubContext(ScaleOutHub.class).clients().client(b1.connectionId())
        .send("m", "lost");
    assertThatThrownBy(() -> toB.get(2, TimeUnit.SECONDS)).cause().isInstanceOf(RedisBackplaneException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

    redis.start();
    long restarted = System.nanoTime();
    // The loss window: until a send from A reaches b1 again (probes every 20 ms; the ones before that are lost).
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
      a.hubContext(ScaleOutHub.class).clients().client(b1.connectionId()).send("probe");
      return b1.on("probe").count() > 0;
    });
    long recovered = System.nanoTime();
    System.out.printf("Redis down for %d ms; cross-server delivery back %d ms after Redis accepted connections "
        + "again (loss window %d ms)%n", (restarted - killed) / 1_000_000, (recovered - restarted) / 1_000_000,
        (recovered - killed) / 1_000_000);
    await().atMost(Duration.ofSeconds(15)).until(() -> a.health().degradedReason() == null
        && b.health().degradedReason() == null);
    awaitSubscribed(redis, RedisChannels.of("", ScaleOutHub.class.getName()).group("room"));
    awaitSubscribed(redis, RedisChannels.of("", ScaleOutHub.class.getName()).connection(b1.connectionId()));
    awaitSubscribed(redis, RedisChannels.of("", ScaleOutHub.class.getName()).all());
    assertThat(health(a).body()).contains("\"status\":\"Healthy\"");

    a.hubContext(ScaleOutHub.class).clients().all().send("m", "back").get(2, TimeUnit.SECONDS);
    a.hubContext(ScaleOutHub.class).clients().group("room").send("m", "room back").get(2, TimeUnit.SECONDS);
    a.hubContext(ScaleOutHub.class).clients().client(b1.connectionId()).send("m", "direct back")
        .get(2, TimeUnit.SECONDS);
    assertThat(b1.on("m").awaitNext(3)).extracting(RedisBackplaneFaultTest::text)
        .containsExactly("back", "room back", "direct back");
    assertThat(text(a1.on("m").awaitNext())).isEqualTo("back");
    a1.on("m").assertNoMore();
    b1.on("m").assertNoMore();
  }

  @Test
  void aServerDoesNotStartWhenRedisIsUnreachable() throws Exception {
    RedisServerProcess redis = track(RedisServerProcess.start(null));
    String uri = redis.uri();
    redis.kill();
    assertThatThrownBy(() -> HubServer.builder().port(0).hub("/scale", ScaleOutHub.class)
        .backplane(RedisBackplane.create(uri)).start())
        .isInstanceOf(RedisBackplaneException.class)
        .hasMessageStartingWith("Cannot connect to Redis at " + uri)
        .hasMessageContaining("Start Redis there");
  }
}
