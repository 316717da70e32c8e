package dev.hubbub.protocol.negotiate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiateResponseTest {

  private static final String TRANSPORTS = "\"availableTransports\":["
      + "{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]},"
      + "{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\"]},"
      + "{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]";

  @Test
  void versionZeroHasNoToken() {
    assertThat(NegotiateResponse.connection(0, "abc", "abc", false, AvailableTransport.ALL).toJson())
        .isEqualTo("{\"negotiateVersion\":0,\"connectionId\":\"abc\"," + TRANSPORTS + "}");
  }

  @Test
  void versionOneHasToken() {
    assertThat(NegotiateResponse.connection(1, "abc", "tok", false, AvailableTransport.ALL).toJson())
        .isEqualTo("{\"negotiateVersion\":1,\"connectionId\":\"abc\",\"connectionToken\":\"tok\","
            + TRANSPORTS + "}");
  }

  @Test
  void statefulReconnectComesFirst() {
    assertThat(NegotiateResponse.connection(1, "abc", "tok", true, List.of(AvailableTransport.WEB_SOCKETS))
        .toJson()).isEqualTo("{\"useStatefulReconnect\":true,\"negotiateVersion\":1,"
            + "\"connectionId\":\"abc\",\"connectionToken\":\"tok\",\"availableTransports\":["
            + "{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]}]}");
  }

  @Test
  void compactRedirect() {
    assertThat(NegotiateResponse.redirect("http://localhost:8888/client/?hub=chat", "jwt").toJson())
        .isEqualTo("{\"url\":\"http://localhost:8888/client/?hub=chat\",\"accessToken\":\"jwt\"}");
  }

  @Test
  void aspNetCoreRedirect() {
    assertThat(NegotiateResponse.aspNetCoreRedirect(0, "https://x/client/?hub=chat", "jwt").toJson())
        .isEqualTo("{\"negotiateVersion\":0,\"url\":\"https://x/client/?hub=chat\","
            + "\"accessToken\":\"jwt\",\"availableTransports\":[]}");
  }

  @Test
  void error() {
    assertThat(NegotiateResponse.error("The client requested an invalid protocol version 'x'").toJson())
        .isEqualTo("{\"error\":\"The client requested an invalid protocol version 'x'\"}");
  }

  @Test
  void parsesVersionOne() throws ProtocolException {
    NegotiateResponse r = NegotiateResponse.parse(("{\"negotiateVersion\":1,\"connectionId\":\"abc\","
        + "\"connectionToken\":\"tok\"," + TRANSPORTS + "}").getBytes(UTF_8));
    assertThat(r.isRedirect()).isFalse();
    assertThat(r.connectionId()).isEqualTo("abc");
    assertThat(r.connectionToken()).isEqualTo("tok");
    assertThat(r.availableTransports()).isEqualTo(AvailableTransport.ALL);
    assertThat(r.toJson()).isEqualTo(NegotiateResponse.connection(1, "abc", "tok", false,
        AvailableTransport.ALL).toJson());
  }

  @Test
  void versionZeroTokenIsTheConnectionId() throws ProtocolException {
    NegotiateResponse r = NegotiateResponse.parse(
        "{\"connectionId\":\"abc\",\"availableTransports\":[]}".getBytes(UTF_8));
    assertThat(r.negotiateVersion()).isZero();
    assertThat(r.connectionToken()).isEqualTo("abc");
  }

  @Test
  void parsesRedirectsAndErrors() throws ProtocolException {
    NegotiateResponse redirect = NegotiateResponse.parse(
        "{\"url\":\"http://h/client/?hub=chat\",\"accessToken\":\"jwt\"}".getBytes(UTF_8));
    assertThat(redirect.isRedirect()).isTrue();
    assertThat(redirect.accessToken()).isEqualTo("jwt");
    assertThat(redirect.toJson()).isEqualTo("{\"url\":\"http://h/client/?hub=chat\",\"accessToken\":\"jwt\"}");
    assertThat(redirect.toString()).doesNotContain("jwt");

    NegotiateResponse error = NegotiateResponse.parse("{\"error\":\"nope\"}".getBytes(UTF_8));
    assertThat(error.isError()).isTrue();
    assertThat(error.error()).isEqualTo("nope");
  }

  @Test
  void rejectsNonObjects() {
    assertThatThrownBy(() -> NegotiateResponse.parse("[1]".getBytes(UTF_8)))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> NegotiateResponse.parse("{".getBytes(UTF_8)))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("not valid JSON");
  }
}
