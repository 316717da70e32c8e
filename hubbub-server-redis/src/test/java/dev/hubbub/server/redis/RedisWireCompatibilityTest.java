package dev.hubbub.server.redis;

import dev.hubbub.test.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.internal.RedisProtocol;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.Protocol;
import dev.hubbub.test.client.TransportType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub server with a channel prefix and a .NET hub name, next to a raw Redis client that plays an ASP.NET Core
 * server: it reads what the Java server publishes and publishes hand-written payloads in the documented format.
 */
class RedisWireCompatibilityTest {
  private static final String BASE = "app1:MyApp.Hubs.ChatHub";
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final HexFormat HEX = HexFormat.of();

  private RedisServerProcess redis;
  private HubServer server;
  private RedisClient raw;
  private StatefulRedisConnection<String, byte[]> publisher;
  private StatefulRedisPubSubConnection<String, byte[]> subscriber;
  private final BlockingQueue<Map.Entry<String, byte[]>> received = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    redis = RedisServerProcess.start(null);
    server = HubServer.builder().port(0).hub("/chat", ScaleOutHub.class)
        .backplane(RedisBackplane.create(RedisBackplaneOptions.builder(redis.uri()).channelPrefix("app1:")
            .hubName(ScaleOutHub.class, "MyApp.Hubs.ChatHub").build()))
        .start();
    raw = RedisClient.create(redis.uri());
    publisher = raw.connect(CODEC);
    subscriber = raw.connectPubSub(CODEC);
    subscriber.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        received.add(Map.entry(channel, message));
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    subscriber.close();
    publisher.close();
    raw.shutdown();
    redis.close();
  }

  private Map.Entry<String, byte[]> next() throws InterruptedException {
    Map.Entry<String, byte[]> m = received.poll(5, TimeUnit.SECONDS);
    assertThat(m).as("a message from Redis").isNotNull();
    return m;
  }

  private HubTestClient client(Protocol protocol) {
    HubTestClient c = HubTestClient.create("http://127.0.0.1:" + server.port() + "/chat",
        o -> o.protocol(protocol).transport(TransportType.WEB_SOCKETS))
        .onInvocation("getName", m -> "java").start();
    String channel = BASE + ":connection:" + c.connectionId();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> publisher.sync().pubsubNumsub(channel).getOrDefault(channel, 0L) > 0);
    return c;
  }

  @Test
  void whatTheJavaServerPublishesIsTheDocumentedFormat() throws Exception {
    subscriber.sync().subscribe(BASE + ":all");
    server.hubContext(ScaleOutHub.class).clients().allExcept(List.of("x1")).send("m", "hi").get();
    Map.Entry<String, byte[]> m = next();
    assertThat(m.getKey()).isEqualTo("app1:MyApp.Hubs.ChatHub:all");
    RedisProtocol.Invocation inv = RedisProtocol.readInvocation(m.getValue());
    assertThat(inv.excludedConnectionIds()).containsExactly("x1");
    assertThat(inv.framedByProtocol().keySet()).containsExactly("json", "messagepack");
    assertThat(new String(inv.framedByProtocol().get("json"), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[\"hi\"]}\u001e");
    // MessagePack framing: VarInt length, then [1, {}, nil, "m", ["hi"], []] as ASP.NET Core writes an invocation
    assertThat(HEX.formatHex(inv.framedByProtocol().get("messagepack")))
        .isEqualTo("0b" + "96" + "01" + "80" + "c0" + "a16d" + "91a26869" + "90");
    assertThat(inv.invocationId()).isNull();
  }

  @Test
  void whatADotNetServerPublishesReachesJavaClients() throws Exception {
    HubTestClient json = client(Protocol.JSON);
    HubTestClient msgpack = client(Protocol.MESSAGEPACK);
    byte[] jsonFramed = "{\"type\":1,\"target\":\"m\",\"arguments\":[\"from dotnet\"]}\u001e"
        .getBytes(StandardCharsets.UTF_8);
    byte[] payload = HEX.parseHex(
        "92" + "90" + "82"                                            // [[], {json, messagepack}]
        + "a4" + "6a736f6e" + "c4" + String.format("%02x", jsonFramed.length) + HEX.formatHex(jsonFramed)
        + "ab" + "6d6573736167657061636b" + "c4" + "15"
        + "14" + "96" + "01" + "80" + "c0" + "a16d" + "91" + "ab" + HEX.formatHex("from dotnet".getBytes(
            StandardCharsets.UTF_8)) + "90");
    assertThat(publisher.sync().publish(BASE + ":all", payload)).isEqualTo(1L);
    assertThat(json.on("m").awaitNext().arguments()).containsExactly("from dotnet");
    assertThat(msgpack.on("m").awaitNext().arguments()).containsExactly("from dotnet");
    json.close();
    msgpack.close();
  }

  @Test
  void aDotNetServerAddsAJavaConnectionToAGroupAndGetsItsAck() throws Exception {
    HubTestClient json = client(Protocol.JSON);
    subscriber.sync().subscribe(BASE + ":internal:ack:dotnet_1");
    byte[] command = RedisProtocol.writeGroupCommand(
        new RedisProtocol.GroupCommand(5, "dotnet_1", RedisProtocol.ADD, "room", json.connectionId()));
    publisher.sync().publish(BASE + ":internal:groups", command);
    Map.Entry<String, byte[]> ack = next();
    assertThat(ack.getKey()).isEqualTo(BASE + ":internal:ack:dotnet_1");
    assertThat(HEX.formatHex(ack.getValue())).isEqualTo("9105");   // [5]

    byte[] toRoom = RedisProtocol.writeInvocation(List.of(), Map.of("json",
        "{\"type\":1,\"target\":\"g\",\"arguments\":[\"room\"]}\u001e".getBytes(StandardCharsets.UTF_8)), null, null);
    assertThat(publisher.sync().publish(BASE + ":group:room", toRoom)).isEqualTo(1L);
    assertThat(json.on("g").awaitNext().arguments()).containsExactly("room");
    json.close();
  }

  @Test
  void aDotNetServerGetsAClientResultFromAJavaConnection() throws Exception {
    HubTestClient json = client(Protocol.JSON);
    String returnChannel = BASE + ":internal:return:dotnet_1";
    subscriber.sync().subscribe(returnChannel);
    byte[] invocation = RedisProtocol.writeInvocation(List.of(), Map.of("json",
        "{\"type\":1,\"invocationId\":\"abc\",\"target\":\"getName\",\"arguments\":[]}\u001e"
            .getBytes(StandardCharsets.UTF_8)), "abc", returnChannel);
    assertThat(publisher.sync().publish(BASE + ":connection:" + json.connectionId(), invocation)).isEqualTo(1L);
    Map.Entry<String, byte[]> m = next();
    assertThat(m.getKey()).isEqualTo(returnChannel);
    RedisProtocol.Completion completion = RedisProtocol.readCompletion(m.getValue());
    assertThat(completion.protocolName()).isEqualTo("json");
    assertThat(new String(completion.framedCompletion(), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":3,\"invocationId\":\"abc\",\"result\":\"java\"}\u001e");
    json.close();
  }
}
