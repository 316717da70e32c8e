package dev.hubbub.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.test.client.ConnectionEvent;
import dev.hubbub.test.client.ConnectionClosedException;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.examples.ChatHub;
import dev.hubbub.test.internal.RunningService;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension's lifecycle, run on sample test classes through the JUnit Platform test kit: when services start
 * and close, what is shared, what is injected, and what clearing between tests leaves.
 */
class ExtensionLifecycleTest {
  /** What the sample classes saw, by key. */
  static final Map<String, Object> seen = new ConcurrentHashMap<>();
  static final List<String> log = new CopyOnWriteArrayList<>();

  private static EngineExecutionResults run(Class<?>... classes) {
    seen.clear();
    log.clear();
    var request = EngineTestKit.engine("junit-jupiter");
    for (Class<?> c : classes) {
      request.selectors(selectClass(c));
    }
    EngineExecutionResults results = request.execute();
    results.testEvents().failed().stream().map(Event::toString).forEach(log::add);
    return results;
  }

  private static boolean listening(URI endpoint) throws Exception {
    try {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/api/health")).build(),
          HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  // ---- a class with its own service

  @HubbubServiceTest(hub = "chat")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class OwnService {
    static @Nullable HubTestClient leaked;

    @ServiceEndpoint
    @Nullable URI endpointField;
    @HubName("chat")
    @Nullable ServiceHubContext chatField;

    @Test
    @Order(1)
    void first(HubbubService service, @ServiceEndpoint URI endpoint, @ServiceConnectionString String connectionString,
        ServiceManager manager, ServiceHubContext chat, TestClients clients) {
      seen.put("endpoint1", endpoint);
      assertThat(endpointField).isEqualTo(endpoint).isEqualTo(service.endpoint());
      assertThat(chatField).isSameAs(chat);
      assertThat(connectionString).isEqualTo(service.connectionString()).startsWith("Endpoint=" + endpoint + ";");
      assertThat(manager.endpoint()).isEqualTo(endpoint);
      assertThat(service.options().mode()).isEqualTo(ServiceMode.SERVERLESS);

      HubTestClient alice = clients.connect("chat", "alice");
      chat.userGroups().addToGroup("alice", "vip");
      chat.clients().group("vip").send("m", "for vips");
      assertThat(alice.on("m").awaitNext().arguments()).containsExactly("for vips");

      var n = chat.negotiate(NegotiationOptions.builder().userId("bob").build());
      leaked = HubTestClient.connect(n.url(), o -> o.accessToken(java.util.Objects.requireNonNull(n.accessToken()))); // not closed by the test
      assertThat(service.connectionCount()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void second(HubbubService service, @ServiceEndpoint URI endpoint, ServiceHubContext chat) {
      seen.put("endpoint2", endpoint);
      assertThat(service.connectionCount()).isZero();
      assertThat(chat.userGroups().isUserInGroup("alice", "vip")).isFalse();
      ConnectionEvent closed = Objects.requireNonNull(leaked).awaitEvent(ConnectionEvent.Kind.CLOSED);
      assertThat(closed.error()).isInstanceOfSatisfying(ConnectionClosedException.class,
          e -> assertThat(e.serverError()).isEqualTo(RunningService.CLEAR_REASON));
    }

    @Nested
    class Inner {
      @Test
      void usesTheOuterService(@ServiceEndpoint URI endpoint) {
        seen.put("nested", endpoint);
      }
    }
  }

  @Test
  void aClassGetsOneServiceThatIsClearedBetweenTestsAndClosedAfterIt() throws Exception {
    EngineExecutionResults results = run(OwnService.class);

    assertThat(log).isEmpty();
    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    URI endpoint = (URI) seen.get("endpoint1");
    assertThat(seen).containsEntry("endpoint2", endpoint).containsEntry("nested", endpoint);
    assertThat(listening(Objects.requireNonNull(endpoint))).as("closed after the class").isFalse();
    Objects.requireNonNull(OwnService.leaked).close();
  }

  // ---- Default mode: clearing leaves the hub server connected

  @HubbubServiceTest(mode = ServiceMode.DEFAULT)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class DefaultModeClearing {
    static @Nullable HubServer server;
    static @Nullable HubTestClient leaked;

    @BeforeAll
    static void startHubServer(@ServiceConnectionString String connectionString) {
      HubServer s = HubServer.builder().port(0).hub("/chat", ChatHub.class)
          .useAzureSignalR(AzureSignalROptions.builder().connectionString(connectionString).connectionCount(1).build())
          .start();
      server = s;
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(s::isHealthy);
    }

    @AfterAll
    static void stopHubServer() {
      Objects.requireNonNull(server).close();
    }

    @Test
    @Order(1)
    void leaveARoutedClientOpen(HubbubService service) {
      leaked = HubTestClient.connect("http://localhost:" + Objects.requireNonNull(server).port() + "/chat");
      assertThat(service.connectionCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void itWasClosedAndTheHubServerStillServes(HubbubService service, TestClients clients) {
      ConnectionEvent closed = Objects.requireNonNull(leaked).awaitEvent(ConnectionEvent.Kind.CLOSED);
      assertThat(closed.error()).isInstanceOfSatisfying(ConnectionClosedException.class,
          e -> assertThat(e.serverError()).isEqualTo(RunningService.CLEAR_REASON));
      HubServer s = Objects.requireNonNull(server);
      assertThat(s.isHealthy()).isTrue();
      HubTestClient client = clients.connectTo("http://localhost:" + s.port() + "/chat", o -> { });
      client.invoke(Void.class, "SendMessage", "a", "b");
      assertThat(client.on("ReceiveMessage").awaitNext().arguments()).containsExactly("a", "b");
      seen.put("default-mode", true);
    }
  }

  @Test
  void clearingInDefaultModeClosesRoutedClientsAndKeepsTheHubServer() {
    run(DefaultModeClearing.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(log).isEmpty();
    assertThat(seen).containsEntry("default-mode", true);
    Objects.requireNonNull(DefaultModeClearing.leaked).close();
  }

  // ---- classes sharing one service

  @HubbubServiceTest(shared = true, mode = ServiceMode.DEFAULT)
  static class SharedA {
    @Test
    void a(HubbubService service) {
      seen.put("a", service.endpoint());
      seen.put("a-mode", service.options().mode());
    }
  }

  @HubbubServiceTest(shared = true, mode = ServiceMode.DEFAULT)
  static class SharedB {
    @Test
    void b(HubbubService service) throws Exception {
      seen.put("b", service.endpoint());
      seen.put("b-listening-a", listening((URI) Objects.requireNonNull(seen.get("a"))));
    }
  }

  @HubbubServiceTest(mode = ServiceMode.DEFAULT)
  static class NotShared {
    @Test
    void c(HubbubService service) {
      seen.put("c", service.endpoint());
    }
  }

  @Test
  void sharedServicesOutliveTheirClassesAndCloseAtTheEndOfTheRun() throws Exception {
    EngineExecutionResults results = run(SharedA.class, SharedB.class, NotShared.class);

    assertThat(log).isEmpty();
    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(seen.get("b")).isEqualTo(seen.get("a")).isNotEqualTo(seen.get("c"));
    assertThat(seen).containsEntry("b-listening-a", true).containsEntry("a-mode", ServiceMode.DEFAULT);
    assertThat(listening((URI) Objects.requireNonNull(seen.get("a")))).as("closed at the end of the run").isFalse();
  }

  // ---- registered in code

  static class InCode {
    @RegisterExtension
    static final HubbubServiceExtension hubbub = HubbubServiceExtension.builder()
        .options(o -> o.maxConnections(5))
        .build();

    @Test
    void one(HubbubService service) {
      seen.put("one", service.endpoint());
      assertThat(hubbub.service()).isSameAs(service);
      assertThat(hubbub.service().options().maxConnections()).isEqualTo(5);
      assertThat(hubbub.connectionString()).isEqualTo(service.connectionString());
      assertThat(hubbub.toString()).doesNotContain(service.options().accessKey());
      assertThat(hubbub.clients().connect("chat").state()).isNotNull();
    }

    @Test
    void two() {
      seen.put("two", hubbub.endpoint());
    }
  }

  static class PerTest {
    @RegisterExtension
    final HubbubServiceExtension hubbub = HubbubServiceExtension.builder().build();

    @Test
    void one() {
      seen.put("p1", hubbub.endpoint());
    }

    @Test
    void two() {
      seen.put("p2", hubbub.endpoint());
    }
  }

  @Test
  void aStaticFieldGivesAServicePerClassAnInstanceFieldOnePerTest() {
    run(InCode.class, PerTest.class).testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    assertThat(log).isEmpty();
    assertThat(seen.get("one")).isEqualTo(seen.get("two"));
    assertThat(seen.get("p1")).isNotEqualTo(seen.get("p2"));
  }

  // ---- mistakes

  @HubbubServiceTest
  static class NoHub {
    @Test
    void needsAHub(ServiceHubContext context) {
    }
  }

  @Test
  void aHubContextWithoutAHubNameSaysHowToNameIt() {
    run(NoHub.class).testEvents().assertStatistics(s -> s.started(1).failed(1));
    assertThat(log).singleElement().asString().contains("Which hub is")
        .contains("Annotate it with @HubName(\"chat\") or set @HubbubServiceTest(hub = \"chat\")");
  }
}
