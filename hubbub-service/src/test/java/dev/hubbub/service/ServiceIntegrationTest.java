package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The service end to end over real sockets: REST calls of the management SDK's API received by raw WebSocket
 * clients in both hub protocols, byte for byte.
 */
class ServiceIntegrationTest extends ServiceTestSupport {
  private static final String API = "/api/hubs/chat";

  private static String invocation(String target, String arguments) {
    return "{\"type\":1,\"target\":\"" + target + "\",\"arguments\":" + arguments + "}" + RS;
  }

  private void post(String path, String target, String arguments, int status) throws Exception {
    HttpResponse<String> response = rest.post(path, "{\"target\":\"" + target + "\",\"arguments\":" + arguments + "}");
    assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(status);
  }

  private int status(String method, String path) throws Exception {
    return rest.call(method, path).statusCode();
  }

  private void assertStatus(String method, String path, int status, String errorCode) throws Exception {
    HttpResponse<String> response = rest.call(method, path);
    assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(status);
    if (errorCode == null) {
      assertThat(response.headers().firstValue("x-ms-error-code")).isEmpty();
    } else {
      assertThat(response.headers().firstValue("x-ms-error-code")).as("%s %s", method, path).hasValue(errorCode);
    }
  }

  @Test
  void broadcastUserConnectionAndGroupSendsInJsonAndMessagePack() throws Exception {
    start();
    RawSignalRClient alice = json("chat", "alice");
    RawSignalRClient bob = messagePack("chat", "bob");

    post(API + "/:send", "m", "[1]", 202);
    assertThat(alice.nextText()).isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[1]}" + RS);
    assertThat(bob.nextHex()).isEqualTo("09" + "96" + "01" + "80" + "c0" + "a16d" + "9101" + "90"); // [1,{},nil,"m",[1],[]]

    post(API + "/users/alice/:send", "toUser", "[\"a\"]", 202);
    post(API + "/connections/" + bob.connectionId + "/:send", "toConnection", "[true]", 202);
    assertThat(rest.call("PUT", API + "/groups/g/connections/" + alice.connectionId).statusCode()).isEqualTo(200);
    post(API + "/groups/g/:send", "toGroup", "[{\"x\":null}]", 202);
    post(API + "/:send?excluded=" + alice.connectionId, "notAlice", "[]", 202);
    post("/api/v1/hubs/chat", "v1", "[2]", 202);

    assertThat(alice.nextText()).isEqualTo(invocation("toUser", "[\"a\"]"));
    assertThat(alice.nextText()).isEqualTo(invocation("toGroup", "[{\"x\":null}]"));
    assertThat(alice.nextText()).isEqualTo(invocation("v1", "[2]"));
    assertThat(bob.nextHex()).isEqualTo("14" + "96" + "01" + "80" + "c0" + "ac" + "746f436f6e6e656374696f6e" + "91c3" + "90");
    assertThat(bob.nextHex()).isEqualTo("0f" + "96" + "01" + "80" + "c0" + "a8" + "6e6f74416c696365" + "90" + "90");
    assertThat(bob.nextHex()).isEqualTo("0a" + "96" + "01" + "80" + "c0" + "a27631" + "9102" + "90");
  }

  @Test
  void userGroupMembershipWithTimeToLive() throws Exception {
    start();
    RawSignalRClient alice = json("chat", "alice");
    assertStatus("PUT", API + "/users/alice/groups/short?ttl=1", 200, null);
    assertStatus("GET", API + "/users/alice/groups/short", 200, null);
    post(API + "/groups/short/:send", "inShort", "[]", 202);
    assertThat(alice.nextText()).isEqualTo(invocation("inShort", "[]"));

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> status("GET", API + "/users/alice/groups/short") == 404);
    assertStatus("GET", API + "/users/alice/groups/short", 404, "Info.User.NotInGroup");
    post(API + "/groups/short/:send", "expired", "[]", 202);

    // Without a time to live the membership covers connections the user opens later.
    assertStatus("PUT", API + "/users/alice/groups/long", 200, null);
    RawSignalRClient laterAlice = json("chat", "alice");
    post(API + "/groups/long/:send", "inLong", "[]", 202);
    assertThat(alice.nextText()).isEqualTo(invocation("inLong", "[]"));
    assertThat(laterAlice.nextText()).isEqualTo(invocation("inLong", "[]"));

    assertStatus("DELETE", API + "/users/alice/groups/long", 204, null);
    assertStatus("HEAD", API + "/users/alice/groups/long", 404, "Info.User.NotInGroup");
    post(API + "/groups/long/:send", "removed", "[]", 202);
    assertStillReceives(alice);
    assertStillReceives(laterAlice);
  }

  @Test
  void connectionGroupMembership() throws Exception {
    start();
    RawSignalRClient a = json("chat", null);
    assertStatus("PUT", API + "/groups/g/connections/" + a.connectionId, 200, null);
    assertStatus("HEAD", API + "/groups/g", 200, null);
    assertStatus("DELETE", API + "/groups/g/connections/" + a.connectionId, 200, null);
    assertStatus("HEAD", API + "/groups/g", 404, "Warning.Group.NotExisted");
    assertStatus("PUT", API + "/connections/" + a.connectionId + "/groups/h", 200, null);
    assertStatus("DELETE", API + "/connections/" + a.connectionId + "/groups", 200, null);
    assertStatus("HEAD", API + "/groups/h", 404, "Warning.Group.NotExisted");
    post(API + "/groups/h/:send", "left", "[]", 202);
    assertStillReceives(a);
  }

  @Test
  void closeConnectionWithAReasonSendsCloseThenClosesTheWebSocket() throws Exception {
    start();
    RawSignalRClient a = json("chat", null);
    RawSignalRClient b = json("chat", null);
    assertStatus("DELETE", API + "/connections/" + a.connectionId + "?reason=Bye%20now", 200, null);
    assertThat(a.nextText()).isEqualTo("{\"type\":7,\"error\":\"Bye now\"}" + RS);
    RawSignalRClient.Closed closed = a.awaitClosed();
    assertThat(closed.status()).isEqualTo(1000);
    assertThat(closed.reason()).isEqualTo("Bye now");
    await().atMost(Duration.ofSeconds(5))
        .until(() -> status("HEAD", API + "/connections/" + a.connectionId) == 404);
    assertStatus("DELETE", API + "/connections/" + a.connectionId, 404, "Warning.Connection.NotExisted");
    assertStillReceives(b);
  }

  @Test
  void existenceChecksAnswerWithTheDocumentedErrorCodes() throws Exception {
    start();
    RawSignalRClient a = json("chat", "alice");
    assertStatus("HEAD", API + "/connections/" + a.connectionId, 200, null);
    assertStatus("GET", "/api/v1/hubs/chat/connections/" + a.connectionId, 200, null);
    assertStatus("HEAD", API + "/connections/nope", 404, "Warning.Connection.NotExisted");
    assertStatus("HEAD", API + "/users/alice", 200, null);
    assertStatus("HEAD", API + "/users/nobody", 404, "Warning.User.NotExisted");
    assertStatus("HEAD", API + "/groups/empty", 404, "Warning.Group.NotExisted");
    assertStatus("GET", API + "/users/alice/groups/empty", 404, "Info.User.NotInGroup");
    assertStatus("PUT", API + "/groups/g/connections/nope", 404, "Error.Connection.NotExisted");
    assertStatus("HEAD", "/api/hubs/neverseen/users/alice", 404, "Warning.User.NotExisted");
  }

  @Test
  void healthIsAnonymousOnGetAndHead() throws Exception {
    start();
    for (String path : new String[] {"/api/health", "/api/v1/health", "/api/health?api-version=2022-06-01"}) {
      for (String method : new String[] {"GET", "HEAD"}) {
        HttpResponse<String> response = rest.call(method, path, null, (String) null, null);
        assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(200);
      }
    }
    assertThat(rest.call("POST", "/api/health", null, (String) null, null).statusCode()).isEqualTo(405);
  }

  @Test
  void idleClientReceivesKeepAlivePings() throws Exception {
    start(ServiceOptions.builder().keepAliveInterval(Duration.ofMillis(200)));
    RawSignalRClient a = json("chat", null);
    assertThat(a.next().string()).isEqualTo("{\"type\":6}" + RS);
    assertThat(a.next().string()).isEqualTo("{\"type\":6}" + RS);
    RawSignalRClient b = messagePack("chat", null);
    assertThat(b.next().hex()).isEqualTo("029106");
  }

  /** The next message that is neither a Ping nor an Ack. */
  private static String nextPayload(RawSignalRClient client) throws InterruptedException {
    String m;
    do {
      m = client.nextText();
    } while (m.startsWith("{\"type\":8,"));
    return m;
  }

  @Test
  void statefulReconnectReplaysWhatWasNotAcknowledged() throws Exception {
    start();
    RawSignalRClient a = opened("chat", true);
    assertThat(a.statefulReconnect).isTrue();
    a.handshake("json", 2);

    post(API + "/:send", "m", "[1]", 202);                          // sequence 1
    assertThat(nextPayload(a)).isEqualTo(invocation("m", "[1]"));
    a.sendText("{\"type\":8,\"sequenceId\":1}" + RS);               // frees sequence 1
    a.sendText("{\"type\":1,\"invocationId\":\"0\",\"target\":\"x\",\"arguments\":[]}" + RS);
    String completion = nextPayload(a);                              // sequence 2, proves the Ack was read
    assertThat(completion).startsWith("{\"type\":3,\"invocationId\":\"0\",\"error\":\"No upstream is configured");

    a.dropSocket();
    post(API + "/:send", "m", "[2]", 202);                          // sequence 3, sent while away
    a.connectSocket();
    assertThat(nextPayload(a)).isEqualTo("{\"type\":9,\"sequenceId\":2}" + RS);
    assertThat(nextPayload(a)).isEqualTo(completion);
    assertThat(nextPayload(a)).isEqualTo(invocation("m", "[2]"));
    post(API + "/:send", "m", "[3]", 202);
    assertThat(nextPayload(a)).isEqualTo(invocation("m", "[3]"));
    assertThat(service.connectionCount()).isEqualTo(1);
  }

  @Test
  void applicationQueryParameterPrefixesTheHub() throws Exception {
    start();
    RawSignalRClient inApp = json("myapp_chat", null);
    RawSignalRClient plain = json("chat", null);
    post(API + "/:send?application=MyApp", "app", "[]", 202);
    assertThat(inApp.nextText()).isEqualTo(invocation("app", "[]"));
    assertStatus("HEAD", API + "/connections/" + inApp.connectionId + "?application=myapp", 200, null);
    assertStatus("HEAD", API + "/connections/" + inApp.connectionId, 404, "Warning.Connection.NotExisted");
    assertStillReceives(plain);
    assertThat(inApp.pending()).isEmpty();
  }
}
