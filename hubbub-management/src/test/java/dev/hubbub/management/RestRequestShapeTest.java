package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire: routes, encoding, query parameters, body, headers and the REST token. */
class RestRequestShapeTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private ScriptedPeer peer;
  private ServiceManager manager;
  private ServiceHubContext hub;

  @BeforeEach
  void start() throws Exception {
    peer = new ScriptedPeer();
    manager = new ServiceManagerBuilder().connectionString(peer.connectionString()).build();
    hub = manager.createHubContext("Chat");
  }

  @AfterEach
  void stop() {
    manager.close();
    peer.close();
  }

  @Test
  void sendCarriesPascalCaseJsonAndAFreshShortLivedTokenWithoutPort() throws Exception {
    hub.clients().group("a b/c+d").send("newMessage", "hi", 1);

    ScriptedPeer.Recorded r = peer.takeRequest();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri().getRawPath()).isEqualTo("/api/hubs/chat/groups/a%20b%2Fc%2Bd/:send");
    assertThat(r.uri().getRawQuery()).isEqualTo("api-version=2022-06-01");
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.body()).isEqualTo("{\"Target\":\"newMessage\",\"Arguments\":[\"hi\",1]}");

    SignedJWT jwt = SignedJWT.parse(r.header("Authorization").substring("Bearer ".length()));
    assertThat(jwt.verify(new MACVerifier(KEY.getBytes(StandardCharsets.UTF_8)))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getAudience()).containsExactly("http://localhost/api/hubs/chat/groups/a%20b%2Fc%2Bd/:send");
    long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
    assertThat(Duration.ofMillis(lifetime)).isEqualTo(Duration.ofMinutes(5));
    assertThat(claims.getStringClaim("nameid")).contains("_");

    hub.clients().all().send("again");
    String second = peer.takeRequest().header("Authorization");
    assertThat(second).isNotEqualTo(r.header("Authorization"));
  }

  @Test
  void everyRouteMethodAndQuery() throws Exception {
    List<String> seen = new ArrayList<>();
    Runnable take = () -> {
      try {
        ScriptedPeer.Recorded r = peer.takeRequest();
        seen.add(r.method() + " " + r.uri().getRawPath() + "?" + r.uri().getRawQuery());
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    };
    hub.clients().all().send("m");
    take.run();
    hub.clients().allExcept(List.of("c1", "c 2")).send("m");
    take.run();
    hub.clients().user("u@x").send("m");
    take.run();
    hub.clients().client("c1").send("m");
    take.run();
    hub.clients().groupExcept("g", List.of("c1")).send("m");
    take.run();
    hub.groups().addToGroup("c1", "g");
    take.run();
    hub.groups().removeFromGroup("c1", "g");
    take.run();
    hub.groups().removeFromAllGroups("c1");
    take.run();
    hub.userGroups().addToGroup("u", "g");
    take.run();
    hub.userGroups().addToGroup("u", "g", Duration.ofMillis(1500));
    take.run();
    hub.userGroups().addToGroup("u", "g", Duration.ZERO);
    take.run();
    hub.userGroups().removeFromGroup("u", "g");
    take.run();
    hub.userGroups().removeFromAllGroups("u");
    take.run();
    hub.userGroups().isUserInGroup("u", "g");
    take.run();
    hub.clientManager().closeConnection("c1", "bye now");
    take.run();
    hub.clientManager().closeConnection("c1", null);
    take.run();
    hub.clientManager().closeUserConnections("u", "r");
    take.run();
    hub.clientManager().closeGroupConnections("g", "r");
    take.run();
    hub.clientManager().closeAllConnections(null);
    take.run();
    hub.clientManager().connectionExists("c1");
    take.run();
    hub.clientManager().userExists("u");
    take.run();
    hub.clientManager().groupExists("g");
    take.run();

    String v = "api-version=2022-06-01";
    assertThat(seen).containsExactly(
        "POST /api/hubs/chat/:send?" + v,
        "POST /api/hubs/chat/:send?excluded=c1&excluded=c%202&" + v,
        "POST /api/hubs/chat/users/u%40x/:send?" + v,
        "POST /api/hubs/chat/connections/c1/:send?" + v,
        "POST /api/hubs/chat/groups/g/:send?excluded=c1&" + v,
        "PUT /api/hubs/chat/groups/g/connections/c1?" + v,
        "DELETE /api/hubs/chat/groups/g/connections/c1?" + v,
        "DELETE /api/hubs/chat/connections/c1/groups?" + v,
        "PUT /api/hubs/chat/users/u/groups/g?" + v,
        "PUT /api/hubs/chat/users/u/groups/g?ttl=2&" + v,
        "PUT /api/hubs/chat/users/u/groups/g?ttl=0&" + v,
        "DELETE /api/hubs/chat/users/u/groups/g?" + v,
        "DELETE /api/hubs/chat/users/u/groups?" + v,
        "GET /api/hubs/chat/users/u/groups/g?" + v,
        "DELETE /api/hubs/chat/connections/c1?reason=bye%20now&" + v,
        "DELETE /api/hubs/chat/connections/c1?" + v,
        "POST /api/hubs/chat/users/u/:closeConnections?reason=r&" + v,
        "POST /api/hubs/chat/groups/g/:closeConnections?reason=r&" + v,
        "POST /api/hubs/chat/:closeConnections?" + v,
        "HEAD /api/hubs/chat/connections/c1?" + v,
        "HEAD /api/hubs/chat/users/u?" + v,
        "HEAD /api/hubs/chat/groups/g?" + v);
  }

  @Test
  void applicationNameGoesIntoTheQuery() throws Exception {
    try (ServiceManager app = new ServiceManagerBuilder().connectionString(peer.connectionString())
        .applicationName("MyApp").build()) {
      app.createHubContext("Chat").clients().all().send("m");
      assertThat(peer.takeRequest().uri().toString())
          .isEqualTo("/api/hubs/chat/:send?application=myapp&api-version=2022-06-01");
    }
  }

  /** An argument that counts how often Jackson serializes it. */
  static final class Counted {
    static final AtomicInteger SERIALIZED = new AtomicInteger();

    @JsonValue
    String value() {
      SERIALIZED.incrementAndGet();
      return "counted";
    }
  }

  @Test
  void aMultiTargetSendSerializesOnceAndCallsOncePerTarget() throws Exception {
    Counted.SERIALIZED.set(0);
    hub.clients().users(List.of("a", "b", "c")).send("m", new Counted());

    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ScriptedPeer.Recorded r = peer.takeRequest();
      paths.add(r.uri().getRawPath());
      assertThat(r.body()).isEqualTo("{\"Target\":\"m\",\"Arguments\":[\"counted\"]}");
    }
    assertThat(paths).containsExactlyInAnyOrder("/api/hubs/chat/users/a/:send", "/api/hubs/chat/users/b/:send",
        "/api/hubs/chat/users/c/:send");
    assertThat(Counted.SERIALIZED).hasValue(1);
  }

  @Test
  void aCustomObjectMapperSerializesArguments() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
        .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    try (ServiceManager custom = new ServiceManagerBuilder().connectionString(peer.connectionString())
        .objectMapper(mapper).build()) {
      custom.createHubContext("chat").clients().all().send("m", new Message("hi", "alice"));
      assertThat(peer.takeRequest().body())
          .isEqualTo("{\"Target\":\"m\",\"Arguments\":[{\"text_body\":\"hi\",\"from_user\":\"alice\"}]}");
    }
  }

  @Test
  void theCallersTraceContextGoesOnTheRequest() throws Exception {
    io.opentelemetry.api.OpenTelemetry otel = io.opentelemetry.api.OpenTelemetry.propagating(
        io.opentelemetry.context.propagation.ContextPropagators.create(
            io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()));
    io.opentelemetry.api.trace.SpanContext parent = io.opentelemetry.api.trace.SpanContext.create(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", io.opentelemetry.api.trace.TraceFlags.getSampled(),
        io.opentelemetry.api.trace.TraceState.getDefault());
    try (ServiceManager traced = new ServiceManagerBuilder().connectionString(peer.connectionString())
        .openTelemetry(otel).build();
        io.opentelemetry.context.Scope ignored = io.opentelemetry.api.trace.Span.wrap(parent).makeCurrent()) {
      traced.createHubContext("chat").clients().all().send("m");
    }
    assertThat(peer.takeRequest().header("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-");
  }

  /** A record argument. */
  record Message(String textBody, String fromUser) {}
}
