package dev.hubbub.server.redis;

import dev.hubbub.test.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubContext;
import dev.hubbub.server.HubException;
import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.internal.RedisChannels;
import dev.hubbub.test.client.ConnectionEvent;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.Protocol;
import dev.hubbub.test.client.ReceivedMessage;
import dev.hubbub.test.client.TransportType;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportUser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two hub servers in one JVM sharing a real {@code redis-server} on loopback: every kind of send, group changes
 * and client results cross servers; the bounds where ASP.NET Core hangs; stateful reconnect.
 */
class RedisBackplaneTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private RedisServerProcess redis;
  private HubServer a;
  private HubServer b;

  @BeforeEach
  void start() throws Exception {
    redis = track(RedisServerProcess.start(null));
    a = server(o -> { });
    b = server(o -> { });
  }

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

  private HubServer server(Consumer<RedisBackplaneOptions.Builder> options) {
    RedisBackplaneOptions.Builder o = RedisBackplaneOptions.builder(redis.uri()).ackTimeout(Duration.ofSeconds(2))
        .ownerCheckInterval(Duration.ofMillis(250));
    options.accept(o);
    return track(HubServer.builder().port(0)
        .hub("/scale", ScaleOutHub.class)
        .authenticator((request, app) -> {
          String user = request.queryParam("user");
          return user == null ? AuthResult.anonymous() : AuthResult.allow(TransportUser.of(user));
        })
        .backplane(RedisBackplane.create(o.build()))
        .start());
  }

  private HubTestClient client(HubServer server, String query, Protocol protocol) {
    HubTestClient c = track(HubTestClient.create("http://127.0.0.1:" + server.port() + "/scale" + query,
        o -> o.protocol(protocol).transport(TransportType.WEB_SOCKETS)));
    c.start();
    awaitSubscribed(RedisChannels.of("", ScaleOutHub.class.getName()).connection(c.connectionId()));
    return c;
  }

  /** Until some server subscribed to {@code channel} (a connection's subscription is made asynchronously). */
  private void awaitSubscribed(String channel) {
    try (RedisClient raw = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = raw.connect()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> c.sync().pubsubNumsub(channel).get(channel) > 0);
    }
  }

  private static HubContext hub(HubServer server) {
    return server.hubContext(ScaleOutHub.class);
  }

  private static String text(ReceivedMessage m) {
    return m.argument(0, String.class);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everySendKindReachesConnectionsOnTheOtherServer(Protocol protocol) throws Exception {
    HubTestClient a1 = client(a, "?user=alice", protocol);
    HubTestClient b1 = client(b, "?user=bob", protocol);
    HubTestClient b2 = client(b, "", Protocol.JSON);
    awaitSubscribed("dev.hubbub.server.redis.ScaleOutHub:user:bob");

    hub(a).clients().all().send("m", "all").get();
    for (HubTestClient c : List.of(a1, b1, b2)) {
      assertThat(text(c.on("m").awaitNext())).isEqualTo("all");
    }
    hub(a).clients().allExcept(List.of(b1.connectionId(), a1.connectionId())).send("m", "all-except").get();
    hub(a).clients().all().send("m", "after");
    assertThat(b2.on("m").awaitNext(2)).extracting(RedisBackplaneTest::text).containsExactly("all-except", "after");
    assertThat(text(b1.on("m").awaitNext())).isEqualTo("after");
    assertThat(text(a1.on("m").awaitNext())).isEqualTo("after");

    hub(a).clients().client(b1.connectionId()).send("c", "one").get();
    hub(a).clients().clients(List.of(a1.connectionId(), b2.connectionId())).send("c", "some").get();
    assertThat(text(b1.on("c").awaitNext())).isEqualTo("one");
    assertThat(text(a1.on("c").awaitNext())).isEqualTo("some");
    assertThat(text(b2.on("c").awaitNext())).isEqualTo("some");

    hub(a).clients().user("bob").send("u", "to bob").get();
    hub(b).clients().users(List.of("alice", "bob")).send("u", "to both").get();
    assertThat(b1.on("u").awaitNext(2)).extracting(RedisBackplaneTest::text).containsExactly("to bob", "to both");
    assertThat(text(a1.on("u").awaitNext())).isEqualTo("to both");

    // b1 joins a group through server A (a group command that B acknowledges), a1 joins locally on A
    hub(a).groups().add(b1.connectionId(), "room").get(5, TimeUnit.SECONDS);
    hub(a).groups().add(a1.connectionId(), "room").get(5, TimeUnit.SECONDS);
    hub(a).groups().add(b2.connectionId(), "other").get(5, TimeUnit.SECONDS);
    hub(a).clients().group("room").send("g", "room").get();
    hub(b).clients().groupExcept("room", List.of(a1.connectionId())).send("g", "room-except").get();
    hub(a).clients().groups(List.of("room", "other")).send("g", "groups").get();
    assertThat(b1.on("g").awaitNext(3)).extracting(RedisBackplaneTest::text)
        .containsExactly("room", "room-except", "groups");
    assertThat(a1.on("g").awaitNext(2)).extracting(RedisBackplaneTest::text).containsExactly("room", "groups");
    assertThat(b2.on("g").awaitNext(1)).extracting(RedisBackplaneTest::text).containsExactly("groups");

    // b1 leaves through A; the next room message reaches a1 only
    hub(a).groups().remove(b1.connectionId(), "room").get(5, TimeUnit.SECONDS);
    hub(b).clients().group("room").send("g", "after-leave").get();
    assertThat(text(a1.on("g").awaitNext())).isEqualTo("after-leave");
    hub(b).clients().client(b1.connectionId()).send("g", "marker").get();
    assertThat(text(b1.on("g").awaitNext())).isEqualTo("marker");

    // hub code on B sends through the backplane too
    b2.invoke(Void.class, "broadcast", "from hub code");
    assertThat(text(a1.on("message").awaitNext())).isEqualTo("from hub code");
    for (HubTestClient c : List.of(a1, b1, b2)) {
      c.on("m").assertNoMore();
      c.on("u").assertNoMore();
    }
    a1.on("c").assertNoMore();
  }

  @Test
  void aGroupAddForAConnectionThatExistsNowhereAnswersAtOnce() throws Exception {
    long start = System.nanoTime();
    hub(a).groups().add("no-such-connection", "room").get(1, TimeUnit.SECONDS);
    hub(a).groups().remove("no-such-connection", "room").get(1, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aGroupAddThatNoServerAcknowledgesFailsAfterTheAckTimeout() throws Exception {
    // A subscriber that holds a connection channel but never answers, as a server that hangs.
    String channel = RedisChannels.of("", ScaleOutHub.class.getName()).connection("hung");
    try (RedisClient raw = RedisClient.create(redis.uri());
        var sub = raw.connectPubSub()) {
      sub.sync().subscribe(channel);
      long start = System.nanoTime();
      CompletableFuture<Void> add = hub(a).groups().add("hung", "room");
      assertThatThrownBy(() -> add.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(RedisBackplaneException.class)
          .hasMessageContaining("No server acknowledged adding connection 'hung' to group 'room'")
          .hasMessageContaining("within 2000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1900),
          Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void clientResultsFromConnectionsOnTheOtherServer(Protocol protocol) throws Exception {
    HubTestClient b1 = track(HubTestClient.create("http://127.0.0.1:" + b.port() + "/scale",
        o -> o.protocol(protocol).transport(TransportType.WEB_SOCKETS)))
        .onInvocation("getName", m -> "bob")
        .onInvocation("broken", m -> {
          throw new IllegalStateException("no name here");
        })
        .start();
    awaitSubscribed(RedisChannels.of("", ScaleOutHub.class.getName()).connection(b1.connectionId()));
    HubTestClient a1 = client(a, "", Protocol.JSON);

    assertThat(hub(a).clients().client(b1.connectionId()).invoke(String.class, "getName").get(5, TimeUnit.SECONDS))
        .isEqualTo("bob");
    assertThat(a1.invoke(String.class, "askName", b1.connectionId())).isEqualTo("Hello, bob");
    CompletableFuture<String> broken = hub(a).clients().client(b1.connectionId()).invoke(String.class, "broken");
    assertThatThrownBy(() -> broken.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(HubException.class)
        .hasMessageContaining("no name here");
    CompletableFuture<String> nowhere = hub(a).clients().client("no-such-connection").invoke(String.class, "x");
    assertThatThrownBy(() -> nowhere.get(2, TimeUnit.SECONDS)).cause().isInstanceOf(HubException.class)
        .hasMessage("Connection 'no-such-connection' does not exist.");
  }

  @Test
  void aClientResultFailsSoonWhenTheServerThatOwnsTheConnectionDies() throws Exception {
    // A "server" that holds connection 'doomed' and dies without answering (its Redis connection drops).
    String channel = RedisChannels.of("", ScaleOutHub.class.getName()).connection("doomed");
    RedisClient raw = RedisClient.create(redis.uri());
    try {
      var sub = raw.connectPubSub();
      CompletableFuture<String> received = new CompletableFuture<>();
      sub.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
        @Override
        public void message(String ch, String message) {
          received.complete(ch);
        }
      });
      sub.sync().subscribe(channel);
      CompletableFuture<String> result = hub(a).clients().client("doomed").invoke(String.class, "getName");
      assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(channel);
      assertThat(result).isNotDone();
      long died = System.nanoTime();
      sub.close();
      assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(HubException.class)
          .hasMessageContaining("Connection 'doomed' is gone");
      assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(2));
    } finally {
      raw.shutdown();
    }
  }

  @Test
  void aDisconnectFailsTheResultItOwesAnotherServer() throws Exception {
    HubTestClient b1 = track(HubTestClient.create("http://127.0.0.1:" + b.port() + "/scale",
        o -> o.transport(TransportType.WEB_SOCKETS)))
        .onInvocation("getName", m -> new CompletableFuture<String>())
        .start();
    awaitSubscribed(RedisChannels.of("", ScaleOutHub.class.getName()).connection(b1.connectionId()));
    CompletableFuture<String> result = hub(a).clients().client(b1.connectionId()).invoke(String.class, "getName");
    b1.on("getName").awaitNext();
    b1.stop();
    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(HubException.class)
        .hasMessageContaining("Connection disconnected.");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void statefulReconnectReplaysWhatCameThroughRedisWhileTheTransportWasDown(Protocol protocol) throws Exception {
    HubServer statefulB = track(HubServer.builder().port(0).hub("/scale", ScaleOutHub.class)
        .options(o -> o.allowStatefulReconnects(true))
        .backplane(RedisBackplane.create(redis.uri())).start());
    HubTestClient client = track(HubTestClient.create("http://127.0.0.1:" + statefulB.port() + "/scale",
        o -> o.protocol(protocol).transport(TransportType.WEB_SOCKETS).statefulReconnect(true))).start();
    assertThat(client.isStatefulReconnectActive()).isTrue();
    String id = client.connectionId();
    awaitSubscribed(RedisChannels.of("", ScaleOutHub.class.getName()).connection(id));

    hub(a).clients().all().send("m", "before").get();
    assertThat(text(client.on("m").awaitNext())).isEqualTo("before");
    client.abortTransport();
    hub(a).clients().all().send("m", "during-all").get();
    hub(a).clients().client(id).send("m", "during-connection").get();

    assertThat(client.awaitEvent(ConnectionEvent.Kind.RESUMED).connectionId()).isEqualTo(id);
    assertThat(client.on("m").awaitNext(2)).extracting(RedisBackplaneTest::text)
        .containsExactly("during-all", "during-connection");
    hub(a).clients().all().send("m", "after").get();
    assertThat(text(client.on("m").awaitNext())).isEqualTo("after");
    assertThat(client.on("m").recordedArguments()).extracting(args -> args.get(0))
        .containsExactly("before", "during-all", "during-connection", "after");
  }
}
