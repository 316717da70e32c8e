package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input is answered for the client or request that sent it, and nobody else notices: after each case
 * another connection still receives a broadcast.
 */
class BadInputTest extends ServiceTestSupport {
  /** ASP.NET Core's text (detailed errors on) for a client whose message cannot be read. */
  private static final String INVALID_DATA = "Connection closed with an error. InvalidDataException: ";

  /** A broadcast of {@code alive(1)} as a MessagePack client receives it: [1, {}, nil, "alive", [1], []], as .NET writes it. */
  private static final String ALIVE_MSGPACK = "0d" + "96" + "01" + "80" + "c0" + "a5616c697665" + "9101" + "90";

  private RawSignalRClient bystander;

  @BeforeEach
  void startService() throws Exception {
    start();
    bystander = json("chat");
  }

  private static CloseMessage closeMessage(String hex) throws Exception {
    List<HubMessage> messages = HubProtocols.byName("messagepack", HubProtocolOptions.DEFAULTS).orElseThrow()
        .parseMessages(ByteBuffer.wrap(java.util.HexFormat.of().parseHex(hex)));
    assertThat(messages).hasSize(1).first().isInstanceOf(CloseMessage.class);
    return (CloseMessage) messages.get(0);
  }

  // ---- hub messages

  @Test
  void malformedJsonClosesThatClientWithAnError() throws Exception {
    RawSignalRClient bad = json("chat");
    bad.sendText("{\"type\":1," + RS);
    assertThat(bad.nextText()).startsWith("{\"type\":7,\"error\":\"" + INVALID_DATA).endsWith("\"}" + RS);
    assertThat(bad.awaitClosed().status()).isEqualTo(1000);
    assertStillReceives(bystander);
  }

  @Test
  void messagePackInvocationWithANumberAsTargetClosesThatClient() throws Exception {
    RawSignalRClient bad = messagePack("chat", null);
    bad.sendHex("06 95 01 80 c0 2a 90"); // [1, {}, nil, 42, []]: the target must be a string
    assertThat(closeMessage(bad.nextHex()).error()).startsWith(INVALID_DATA);
    assertThat(bad.awaitClosed().status()).isEqualTo(1000);
    assertStillReceives(bystander);
  }

  @Test
  void truncatedMessagePackMessageClosesThatClient() throws Exception {
    RawSignalRClient bad = messagePack("chat", null);
    bad.sendHex("03 95 01 80"); // length 3: an array of 5 elements that ends after 2
    assertThat(closeMessage(bad.nextHex()).error()).startsWith(INVALID_DATA);
    assertThat(bad.awaitClosed().status()).isEqualTo(1000);
    assertStillReceives(bystander);
  }

  @Test
  void unknownMessageTypesAreIgnoredAndTheConnectionStaysOpen() throws Exception {
    RawSignalRClient json = json("chat");
    RawSignalRClient binary = messagePack("chat", null);
    json.sendText("{\"type\":99,\"future\":true}" + RS);
    binary.sendHex("03 92 63 c3"); // [99, true]
    broadcast("chat", "alive", "[1]");
    assertThat(json.nextText()).isEqualTo("{\"type\":1,\"target\":\"alive\",\"arguments\":[1]}" + RS);
    assertThat(binary.nextHex()).isEqualTo(ALIVE_MSGPACK);
    assertThat(bystander.nextText()).isEqualTo("{\"type\":1,\"target\":\"alive\",\"arguments\":[1]}" + RS);
  }

  // ---- handshakes, with ASP.NET Core's texts

  private void assertHandshakeRefused(String request, String error) throws Exception {
    RawSignalRClient bad = opened("chat", false);
    bad.sendText(request + RS);
    assertThat(bad.next().string()).isEqualTo("{\"error\":\"" + error + "\"}" + RS);
    assertThat(bad.awaitClosed().status()).isEqualTo(1000);
    assertStillReceives(bystander);
  }

  @Test
  void handshakeWithAnUnknownProtocol() throws Exception {
    assertHandshakeRefused("{\"protocol\":\"xml\",\"version\":1}", "The protocol 'xml' is not supported.");
  }

  @Test
  void handshakeWithVersion3() throws Exception {
    assertHandshakeRefused("{\"protocol\":\"json\",\"version\":3}",
        "The server does not support version 3 of the 'json' protocol.");
  }

  @Test
  void handshakeWithoutVersion() throws Exception {
    assertHandshakeRefused("{\"protocol\":\"json\"}", "An unexpected error occurred during connection handshake."
        + " InvalidDataException: Missing required property 'version'.");
  }

  @Test
  void handshakeWithoutProtocol() throws Exception {
    assertHandshakeRefused("{\"version\":1}", "An unexpected error occurred during connection handshake."
        + " InvalidDataException: Missing required property 'protocol'.");
  }

  // ---- REST

  @Test
  void restBodyThatIsNotJsonIs400WithAnErrorCode() throws Exception {
    HttpResponse<String> response = rest.post("/api/hubs/chat/:send", "target=m");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("x-ms-error-code")).hasValue("Error.Request.Invalid");
    assertThat(response.body()).startsWith("{\"code\":\"Error.Request.Invalid\",\"message\":\"The request body is not valid JSON: ");
    assertStillReceives(bystander);
  }

  @Test
  void restBodyWithoutTargetIs400() throws Exception {
    HttpResponse<String> response = rest.post("/api/hubs/chat/:send", "{\"arguments\":[1]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("The 'target' property of the message is required");
  }

  @Test
  void missingBadAndExpiredTokensAre401WithAnEmptyBody() throws Exception {
    String path = "/api/hubs/chat/:send";
    String body = "{\"target\":\"m\",\"arguments\":[]}";
    String otherKey = AccessTokenIssuer.builder("another-key-that-is-long-enough-for-hs256!!").build()
        .issue("http://localhost" + path, TokenClaims.NONE);
    String expired = AccessTokenIssuer.builder(service.options().accessKey())
        .clock(Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC)).build()
        .issue("http://localhost" + path, TokenClaims.NONE);
    String wrongAudience = rest.token("/api/hubs/other");
    for (String token : new String[] {null, "not-a-jwt", otherKey, expired, wrongAudience}) {
      HttpResponse<String> response = rest.call("POST", path, "application/json", body, token);
      assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
      assertThat(response.body()).isEmpty();
    }
    HttpResponse<String> negotiate = rest.call("POST", "/client/negotiate?hub=chat", null, (String) null, expired);
    assertThat(negotiate.statusCode()).isEqualTo(401);
    assertThat(negotiate.body()).isEmpty();
    assertStillReceives(bystander);
  }

  @Test
  void invalidNamesAre400NamingTheRule() throws Exception {
    HttpResponse<String> hub = rest.post("/api/hubs/1chat/:send", "{\"target\":\"m\"}");
    assertThat(hub.statusCode()).isEqualTo(400);
    assertThat(hub.body()).contains("Invalid hub name. Valid hub name should be in between 1 and 128 characters long.");

    HttpResponse<String> group = rest.post("/api/hubs/chat/groups/" + "g".repeat(1025) + "/:send", "{\"target\":\"m\"}");
    assertThat(group.statusCode()).isEqualTo(400);
    assertThat(group.body()).contains("Invalid group name. Valid group name should be in between 1 and 1024 characters long.");

    HttpResponse<String> user = rest.post("/api/hubs/chat/users/%20%20/:send", "{\"target\":\"m\"}");
    assertThat(user.statusCode()).isEqualTo(400);
    assertThat(user.body()).contains("Invalid user id. Valid user id should be in between 1 and 1024 characters long.");

    HttpResponse<String> application = rest.post("/api/hubs/chat/:send?application=9app", "{\"target\":\"m\"}");
    assertThat(application.statusCode()).isEqualTo(400);
    assertThat(application.body()).contains("Invalid application name.");
    assertStillReceives(bystander);
  }

  @Test
  void negotiateWithAnInvalidOrMissingHubAnswersAnErrorNamingTheRule() throws Exception {
    String badHub = AccessTokenIssuer.builder(service.options().accessKey()).build()
        .issue("http://localhost/client/?hub=1chat", TokenClaims.NONE);
    HttpResponse<String> invalid = rest.call("POST", "/client/negotiate?hub=1chat&negotiateVersion=1", null,
        (String) null, badHub);
    assertThat(invalid.statusCode()).isEqualTo(200);
    assertThat(invalid.body()).isEqualTo("{\"error\":\"Invalid hub name '1chat'. Valid hub name should be in between"
        + " 1 and 128 characters long. The first character must be a letter, other characters can be letters,"
        + " digits or the following symbols _`,.[]\"}");

    String noHub = AccessTokenIssuer.builder(service.options().accessKey()).build()
        .issue("http://localhost/client/", TokenClaims.NONE);
    HttpResponse<String> missing = rest.call("POST", "/client/negotiate?negotiateVersion=1", null, (String) null, noHub);
    assertThat(missing.body())
        .isEqualTo("{\"error\":\"The 'hub' query parameter is required: connect to /client/?hub=<name>.\"}");
    assertThat(service.connectionCount()).isEqualTo(1);
    assertStillReceives(bystander);
  }

  @Test
  void unknownRoutesAre404() throws Exception {
    assertThat(rest.call("GET", "/api/hubs/chat/unknown/route").statusCode()).isEqualTo(404);
    assertThat(rest.call("GET", "/nothing/here").statusCode()).isEqualTo(404);
    assertThat(rest.call("POST", "/api/v2/hubs/chat").statusCode()).isEqualTo(404);
    assertThat(rest.call("PATCH", "/api/hubs/chat/groups/g").statusCode()).isEqualTo(405);
    assertStillReceives(bystander);
  }
}
