package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every operation against a real Hubbub service on a loopback port, watched by raw SignalR clients that
 * connect with the token this SDK's {@code negotiate} made. Each test uses its own hub.
 *
 * <p>Negative checks ("this client did not get it") send a sentinel to everyone afterwards: a client's
 * messages arrive in order, so the sentinel being its next message proves the earlier send skipped it.
 *
 * <p>Every test runs once per transport: REST calls, and service-protocol messages over Weak WebSockets.
 */
@ParameterizedClass
@EnumSource(ServiceTransportType.class)
class ServiceIntegrationTest {
  private static final AtomicInteger HUBS = new AtomicInteger();
  private static HubbubService service;
  private static final Map<ServiceTransportType, ServiceManager> MANAGERS = new EnumMap<>(ServiceTransportType.class);
  private static HttpClient http;

  @Parameter
  ServiceTransportType transport;

  private final List<TestSignalRClient> clients = new ArrayList<>();
  private ServiceManager manager;
  private ServiceHubContext hub;

  @BeforeAll
  static void startService() throws Exception {
    service = HubbubService.start(ServiceOptions.builder().port(0).build());
    for (ServiceTransportType type : ServiceTransportType.values()) {
      MANAGERS.put(type, new ServiceManagerBuilder().connectionString(service.connectionString())
          .transportType(type).restTimeout(Duration.ofSeconds(10)).build());
    }
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stopService() {
    MANAGERS.values().forEach(ServiceManager::close);
    MANAGERS.clear();
    service.close();
  }

  @BeforeEach
  void newHub() {
    manager = MANAGERS.get(transport);
    hub = manager.createHubContext("Chat" + HUBS.incrementAndGet());
  }

  @AfterEach
  void closeClients() {
    clients.forEach(TestSignalRClient::close);
    hub.close();
  }

  private TestSignalRClient connect(String userId) throws Exception {
    NegotiationResponse redirect = hub.negotiate(NegotiationOptions.builder().userId(userId).build());
    TestSignalRClient client = TestSignalRClient.connect(http, redirect);
    clients.add(client);
    return client;
  }

  private void sentinel(TestSignalRClient... expectNext) throws Exception {
    hub.clients().all().send("sentinel");
    for (TestSignalRClient c : expectNext) {
      c.nextInvocation("sentinel");
    }
  }

  @Test
  void healthIsTrueForARunningService() {
    assertThat(manager.isServiceHealthy()).isTrue();
    assertThat(manager.isServiceHealthyAsync().join()).isTrue();
  }

  @Test
  void sendToAllReachesEveryClientWithArgumentsSerializedByJackson() throws Exception {
    TestSignalRClient a = connect("alice");
    TestSignalRClient b = connect(null);

    hub.clients().all().send("newMessage", "hello", 42, Map.of("from", "app"), null);

    for (TestSignalRClient c : List.of(a, b)) {
      JsonNode args = c.nextInvocation("newMessage");
      assertThat(args.toString()).isEqualTo("[\"hello\",42,{\"from\":\"app\"},null]");
    }
  }

  @Test
  void allExceptSkipsTheExcludedConnections() throws Exception {
    TestSignalRClient a = connect("alice");
    TestSignalRClient b = connect("bob");

    hub.clients().allExcept(List.of(a.connectionId())).send("m", 1);

    assertThat(b.nextInvocation("m").get(0).asInt()).isEqualTo(1);
    sentinel(a, b);
  }

  @Test
  void sendToOneUserAndToManyUsers() throws Exception {
    TestSignalRClient alice = connect("alice");
    TestSignalRClient alice2 = connect("alice");
    TestSignalRClient bob = connect("bob");
    TestSignalRClient carol = connect("carol");

    hub.clients().user("alice").send("toAlice");
    alice.nextInvocation("toAlice");
    alice2.nextInvocation("toAlice");

    hub.clients().users(List.of("bob", "carol")).send("toBobAndCarol", "x");
    bob.nextInvocation("toBobAndCarol");
    carol.nextInvocation("toBobAndCarol");

    sentinel(alice, alice2, bob, carol);
  }

  @Test
  void sendToOneConnectionAndToManyConnections() throws Exception {
    TestSignalRClient a = connect("u");
    TestSignalRClient b = connect("u");
    TestSignalRClient c = connect("u");

    hub.clients().client(a.connectionId()).send("one");
    a.nextInvocation("one");

    hub.clients().clients(List.of(b.connectionId(), c.connectionId())).send("two");
    b.nextInvocation("two");
    c.nextInvocation("two");

    sentinel(a, b, c);
  }

  @Test
  void connectionGroupsSendsAndMembershipChanges() throws Exception {
    TestSignalRClient a = connect("alice");
    TestSignalRClient b = connect("bob");
    TestSignalRClient c = connect("carol");
    hub.groups().addToGroup(a.connectionId(), "room 1");
    hub.groups().addToGroup(c.connectionId(), "room 1");
    hub.groups().addToGroup(b.connectionId(), "room+2");
    assertThat(hub.clientManager().groupExists("room 1")).isTrue();

    hub.clients().group("room 1").send("g1");
    a.nextInvocation("g1");
    c.nextInvocation("g1");
    sentinel(a, b, c);

    hub.clients().groups(List.of("room 1", "room+2")).send("both");
    a.nextInvocation("both");
    b.nextInvocation("both");
    c.nextInvocation("both");

    hub.clients().groupExcept("room 1", List.of(a.connectionId())).send("notA");
    c.nextInvocation("notA");
    sentinel(a, b, c);

    hub.groups().removeFromGroup(c.connectionId(), "room 1");
    hub.groups().removeFromAllGroups(b.connectionId());
    hub.clients().groups(List.of("room 1", "room+2")).send("afterRemove");
    a.nextInvocation("afterRemove");
    sentinel(a, b, c);
    assertThat(hub.clientManager().groupExists("room+2")).isFalse();
  }

  @Test
  void addingAnUnknownConnectionToAGroupIsTolerated() {
    assertThatCode(() -> hub.groups().addToGroup("no-such-connection", "g")).doesNotThrowAnyException();
    assertThatCode(() -> hub.groups().removeFromGroup("no-such-connection", "g")).doesNotThrowAnyException();
  }

  @Test
  void userGroupsWithAndWithoutTimeToLive() throws Exception {
    TestSignalRClient alice = connect("alice");
    TestSignalRClient bob = connect("bob");

    hub.userGroups().addToGroup("alice", "vip");
    assertThat(hub.userGroups().isUserInGroup("alice", "vip")).isTrue();
    assertThat(hub.userGroups().isUserInGroup("bob", "vip")).isFalse();
    hub.clients().group("vip").send("vipOnly");
    alice.nextInvocation("vipOnly");
    sentinel(alice, bob);

    hub.userGroups().removeFromGroup("alice", "vip");
    assertThat(hub.userGroups().isUserInGroup("alice", "vip")).isFalse();

    hub.userGroups().addToGroup("bob", "temp", Duration.ofSeconds(1));
    assertThat(hub.userGroups().isUserInGroup("bob", "temp")).isTrue();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> !hub.userGroups().isUserInGroup("bob", "temp"));

    hub.userGroups().addToGroup("bob", "a");
    hub.userGroups().addToGroup("bob", "b");
    hub.userGroups().removeFromAllGroups("bob");
    assertThat(hub.userGroups().isUserInGroup("bob", "a")).isFalse();
    assertThat(hub.userGroups().isUserInGroup("bob", "b")).isFalse();
  }

  @Test
  void existenceChecks() throws Exception {
    TestSignalRClient a = connect("alice");
    hub.groups().addToGroup(a.connectionId(), "g");

    assertThat(hub.clientManager().connectionExists(a.connectionId())).isTrue();
    assertThat(hub.clientManager().connectionExists("nope")).isFalse();
    assertThat(hub.clientManager().userExists("alice")).isTrue();
    assertThat(hub.clientManager().userExists("nobody")).isFalse();
    assertThat(hub.clientManager().groupExists("g")).isTrue();
    assertThat(hub.clientManager().groupExists("empty")).isFalse();
  }

  @Test
  void closeOneConnectionWithAReason() throws Exception {
    TestSignalRClient a = connect("alice");
    TestSignalRClient b = connect("bob");

    hub.clientManager().closeConnection(a.connectionId(), "bye alice");

    assertThat(a.nextClose()).isEqualTo("bye alice");
    await().atMost(Duration.ofSeconds(10)).until(() -> !hub.clientManager().connectionExists(a.connectionId()));
    assertThat(hub.clientManager().connectionExists(b.connectionId())).isTrue();
    assertThatCode(() -> hub.clientManager().closeConnection(a.connectionId(), "again")).doesNotThrowAnyException();
  }

  @Test
  void closeUserGroupAndHubConnections() throws Exception {
    TestSignalRClient alice = connect("alice");
    TestSignalRClient bob = connect("bob");
    TestSignalRClient carol = connect("carol");
    TestSignalRClient dave = connect("dave");
    hub.groups().addToGroup(bob.connectionId(), "g");

    hub.clientManager().closeUserConnections("alice", "user closed");
    assertThat(alice.nextClose()).isEqualTo("user closed");

    hub.clientManager().closeGroupConnections("g", "group closed");
    assertThat(bob.nextClose()).isEqualTo("group closed");

    sentinel(carol, dave);
    hub.clientManager().closeAllConnections("hub closed");
    assertThat(carol.nextClose()).isEqualTo("hub closed");
    assertThat(dave.nextClose()).isEqualTo("hub closed");
    await().atMost(Duration.ofSeconds(10)).until(() -> !hub.clientManager().userExists("dave"));
  }

  @Test
  void asyncContextSendsAndChecksWithoutBlocking() throws Exception {
    TestSignalRClient a = connect("alice");
    ServiceHubContextAsync async = hub.async();

    async.groups().addToGroup(a.connectionId(), "g")
        .thenCompose(v -> async.clients().group("g").send("viaAsync", "ok"))
        .get();
    assertThat(a.nextInvocation("viaAsync").get(0).asText()).isEqualTo("ok");
    assertThat(async.clientManager().connectionExists(a.connectionId()).get()).isTrue();
    assertThat(async.negotiate(NegotiationOptions.DEFAULTS).get().url()).endsWith("/client/?hub=" + hub.hubName());
  }

  @Test
  void applicationNamePrefixesTheHubForSendsAndNegotiate() throws Exception {
    try (ServiceManager appManager = new ServiceManagerBuilder().connectionString(service.connectionString())
        .transportType(transport).applicationName("MyApp").build();
        ServiceHubContext appHub = appManager.createHubContext("Chat");
        ServiceHubContext unprefixed = manager.createHubContext("Chat")) {
      assertThat(appHub.hubName()).isEqualTo("myapp_chat");
      NegotiationResponse redirect = appHub.negotiate(NegotiationOptions.builder().userId("u").build());
      assertThat(redirect.url()).isEqualTo(service.endpoint() + "/client/?hub=myapp_chat");
      TestSignalRClient client = TestSignalRClient.connect(http, redirect);
      clients.add(client);

      appHub.clients().user("u").send("prefixed");
      client.nextInvocation("prefixed");
      // the same hub name without the application is another hub
      assertThat(unprefixed.clientManager().userExists("u")).isFalse();
      assertThat(appHub.clientManager().userExists("u")).isTrue();
    }
  }
}
