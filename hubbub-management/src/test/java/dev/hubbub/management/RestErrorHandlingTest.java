package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status codes and failures from a scripted peer, each mapped to a result or a typed exception. */
class RestErrorHandlingTest {
  private ScriptedPeer peer;
  private ServiceManager manager;
  private ServiceHubContext hub;

  @BeforeEach
  void start() throws Exception {
    peer = new ScriptedPeer();
    manager = new ServiceManagerBuilder().connectionString(peer.connectionString())
        .restTimeout(Duration.ofSeconds(5)).build();
    hub = manager.createHubContext("chat");
  }

  @AfterEach
  void stop() {
    manager.close();
    peer.close();
  }

  @Test
  void badRequestIsAnInvalidArgumentWithTheRouteCodeAndBody() throws Exception {
    peer.enqueue(400, "Error.Request.Invalid", "{\"code\":\"Error.Request.Invalid\",\"message\":\"bad group\"}");

    assertThatThrownBy(() -> hub.clients().group("g").send("m"))
        .isInstanceOf(SignalRInvalidArgumentException.class)
        .hasMessageContaining("SendToGroup")
        .hasMessageContaining("POST /api/hubs/chat/groups/g/:send?api-version=2022-06-01")
        .hasMessageContaining("answered 400")
        .hasMessageContaining("x-ms-error-code: Error.Request.Invalid")
        .hasMessageContaining("bad group")
        .satisfies(e -> {
          SignalRException s = (SignalRException) e;
          assertThat(s.statusCode()).isEqualTo(400);
          assertThat(s.errorCode()).contains("Error.Request.Invalid");
          assertThat(s.method()).contains("POST");
          assertThat(s.route()).contains("/api/hubs/chat/groups/g/:send?api-version=2022-06-01");
        });
    String token = peer.takeRequest().header("Authorization").substring("Bearer ".length());
    assertThatThrownBy(() -> {
      peer.enqueue(400);
      hub.clients().all().send("m");
    }).satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).doesNotContain("Bearer"));
  }

  @Test
  void aBlockingCallsFailureShowsWhereTheCallWasMade() {
    peer.enqueue(500);
    assertThatThrownBy(() -> hub.clients().all().send("m")).satisfies(e -> {
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(e.getSuppressed()[0]).hasMessage("The blocking call was made here");
      assertThat(e.getSuppressed()[0].getStackTrace()).anySatisfy(frame ->
          assertThat(frame.getMethodName()).contains("aBlockingCallsFailureShowsWhereTheCallWasMade"));
    });
  }

  @Test
  void unauthorizedAndForbiddenAreUnauthorized() {
    peer.enqueue(401).enqueue(403);

    assertThatThrownBy(() -> hub.clients().all().send("m"))
        .isInstanceOf(SignalRUnauthorizedException.class)
        .hasMessageContaining("answered 401")
        .hasMessageContaining("AccessKey");
    assertThatThrownBy(() -> hub.groups().removeFromGroup("c", "g"))
        .isInstanceOf(SignalRUnauthorizedException.class)
        .hasMessageContaining("DELETE /api/hubs/chat/groups/g/connections/c?api-version=2022-06-01 answered 403");
  }

  @Test
  void notFoundWithoutAToleratedCodeIsNotFound() {
    peer.enqueue(404);
    assertThatThrownBy(() -> hub.clients().user("u").send("m"))
        .isInstanceOf(SignalRNotFoundException.class)
        .hasMessageContaining("SendToUser: POST /api/hubs/chat/users/u/:send?api-version=2022-06-01 answered 404.")
        .hasMessageContaining("check the endpoint");

    // a tolerated code on another operation does not count
    peer.enqueue(404, "Warning.User.NotExisted", "");
    assertThatThrownBy(() -> hub.clientManager().connectionExists("c"))
        .isInstanceOf(SignalRNotFoundException.class)
        .hasMessageContaining("x-ms-error-code: Warning.User.NotExisted");

    // removing from a group tolerates nothing, as the official SDK
    peer.enqueue(404, "Error.Connection.NotExisted", "");
    assertThatThrownBy(() -> hub.groups().removeFromGroup("c", "g")).isInstanceOf(SignalRNotFoundException.class);
  }

  @Test
  void notFoundWithEachToleratedCodeIsAnAnswer() {
    peer.enqueue(404, "Error.Connection.NotExisted", "");
    hub.groups().addToGroup("c", "g");

    peer.enqueue(404, "Info.User.NotInGroup", "");
    assertThat(hub.userGroups().isUserInGroup("u", "g")).isFalse();

    peer.enqueue(404, "Warning.Connection.NotExisted", "");
    hub.clientManager().closeConnection("c", "bye");

    peer.enqueue(404, "warning.connection.notexisted", "");
    assertThat(hub.clientManager().connectionExists("c")).isFalse();
    peer.enqueue(404, "Warning.User.NotExisted", "");
    assertThat(hub.clientManager().userExists("u")).isFalse();
    peer.enqueue(404, "Warning.Group.NotExisted", "");
    assertThat(hub.clientManager().groupExists("g")).isFalse();

    assertThat(hub.clientManager().groupExists("g")).isTrue();
  }

  @Test
  void serverErrorIsAServiceException() throws Exception {
    peer.enqueue(500, "Error.Server.Internal", "boom");

    assertThatThrownBy(() -> hub.clientManager().closeAllConnections("r"))
        .isInstanceOf(SignalRServiceException.class)
        .hasMessageContaining("CloseAllConnections: POST /api/hubs/chat/:closeConnections?reason=r&api-version=2022-06-01 answered 500")
        .hasMessageContaining("Error.Server.Internal")
        .hasMessageContaining("boom");
  }

  @Test
  void aSlowPeerTimesOut() {
    peer.hang();
    try (ServiceManager quick = new ServiceManagerBuilder().connectionString(peer.connectionString())
        .restTimeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> quick.createHubContext("chat").clients().all().send("m"))
          .isInstanceOf(SignalRConnectionException.class)
          .hasMessageContaining("SendToAll: POST /api/hubs/chat/:send?api-version=2022-06-01 timed out after 300 ms")
          .satisfies(e -> assertThat(((SignalRException) e).statusCode()).isZero());
    }
  }

  @Test
  void aRefusedConnectionIsAConnectionExceptionAndAnUnhealthyService() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ServiceManager refused = new ServiceManagerBuilder()
        .connectionString("Endpoint=http://localhost:" + closedPort + ";AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;")
        .retry(2, Duration.ofMillis(10)).build()) {
      assertThatThrownBy(() -> refused.createHubContext("chat").clientManager().userExists("u"))
          .isInstanceOf(SignalRConnectionException.class)
          .hasMessageContaining("UserExists: HEAD /api/hubs/chat/users/u?api-version=2022-06-01 could not connect to"
              + " http://localhost:" + closedPort)
          .hasMessageContaining("after 3 attempts");
      assertThat(refused.isServiceHealthy()).isFalse();
    }
  }

  @Test
  void everyAttemptIsAClientSpanInTheManagementScope() throws Exception {
    RecordingOpenTelemetry otel = new RecordingOpenTelemetry();
    try (ServiceManager traced = new ServiceManagerBuilder().connectionString(peer.connectionString())
        .openTelemetry(otel).retry(1, Duration.ofMillis(1)).build()) {
      ServiceHubContext chat = traced.createHubContext("chat");
      peer.enqueue(202);
      chat.clients().group("g").send("m");
      peer.enqueue(503).enqueue(404, "Warning.Connection.NotExisted", "");
      assertThat(chat.clientManager().connectionExists("c")).isFalse();
    }

    assertThat(otel.ended).hasSize(3);
    RecordingOpenTelemetry.Recorded send = otel.ended.get(0);
    assertThat(send.scope()).isEqualTo("dev.hubbub.management");
    assertThat(send.name()).isEqualTo("POST /api/hubs/{hub}/groups/{group}/:send");
    assertThat(send.kind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
    assertThat(send.attributes()).containsEntry("http.request.method", "POST")
        .containsEntry("http.response.status_code", 202L)
        .containsEntry("url.template", "/api/hubs/{hub}/groups/{group}/:send")
        .containsEntry("server.address", "localhost")
        .containsEntry("signalr.operation", "SendToGroup");
    RecordingOpenTelemetry.Recorded failed = otel.ended.get(1);
    assertThat(failed.name()).isEqualTo("HEAD /api/hubs/{hub}/connections/{connectionId}");
    assertThat(failed.status()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(failed.attributes()).containsEntry("error.type", "503");
    RecordingOpenTelemetry.Recorded retried = otel.ended.get(2);
    assertThat(retried.attributes()).containsEntry("http.request.resend_count", 1L)
        .containsEntry("http.response.status_code", 404L);
    assertThat(retried.status()).as("a tolerated 404 is no error").isEqualTo(io.opentelemetry.api.trace.StatusCode.UNSET);
  }

  @Test
  void asyncFailuresCompleteTheFutureExceptionally() {
    peer.enqueue(401);
    assertThatThrownBy(() -> hub.async().clients().all().send("m").get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SignalRUnauthorizedException.class);
  }

  @Test
  void healthIsTrueOn2xxFalseOn5xxAndThrowsOnOtherStatuses() throws Exception {
    peer.enqueue(200).enqueue(503).enqueue(401);

    assertThat(manager.isServiceHealthy()).isTrue();
    ScriptedPeer.Recorded probe = peer.takeRequest();
    assertThat(probe.method()).isEqualTo("HEAD");
    assertThat(probe.uri().toString()).isEqualTo("/api/health?api-version=2022-06-01");
    assertThat(probe.header("Authorization")).startsWith("Bearer ");

    assertThat(manager.isServiceHealthy()).isFalse();
    assertThatThrownBy(manager::isServiceHealthy).isInstanceOf(SignalRUnauthorizedException.class)
        .hasMessageContaining("IsServiceHealthy: HEAD /api/health?api-version=2022-06-01 answered 401");
  }

  @Test
  void idempotentCallsAreRetriedOn5xxAndSendsAreNot() throws Exception {
    try (ServiceManager retrying = new ServiceManagerBuilder().connectionString(peer.connectionString())
        .retry(2, Duration.ofMillis(10)).build()) {
      ServiceHubContext chat = retrying.createHubContext("chat");

      peer.enqueue(503).enqueue(429).enqueue(200);
      chat.groups().addToGroup("c", "g");
      for (int i = 0; i < 3; i++) {
        assertThat(peer.takeRequest().method()).isEqualTo("PUT");
      }

      peer.enqueue(503);
      assertThatThrownBy(() -> chat.clients().all().send("m")).isInstanceOf(SignalRServiceException.class);
      assertThat(peer.takeRequest().method()).isEqualTo("POST");
      assertThat(peer.requestCount()).as("the send was not repeated").isZero();

      peer.enqueue(500).enqueue(500).enqueue(500);
      assertThatThrownBy(() -> chat.clientManager().connectionExists("c"))
          .isInstanceOf(SignalRServiceException.class).hasMessageContaining("answered 500");
      for (int i = 0; i < 3; i++) {
        assertThat(peer.takeRequest().method()).isEqualTo("HEAD");
      }
      assertThat(peer.requestCount()).isZero();
    }
  }
}
