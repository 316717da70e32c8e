package dev.hubbub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.TransportType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which request headers a connection keeps by default, and how a kept request is narrowed. */
class HttpRequestsTest {
  @Test
  void hopByHopAndWebSocketHandshakeHeadersAreTransportHeadersInAnyCase() {
    for (String name : List.of("Connection", "keep-alive", "Proxy-Connection", "PROXY-AUTHENTICATE",
        "Proxy-Authorization", "TE", "tE", "Trailer", "Transfer-Encoding", "Upgrade", "Sec-WebSocket-Key",
        "sec-websocket-version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Accept")) {
      assertThat(HttpRequests.isTransportHeader(name)).as(name).isTrue();
      assertThat(HttpRequests.KEEP_CLIENT_HEADERS.test(name)).as(name).isFalse();
    }
    for (String name : List.of("Host", "User-Agent", "Cookie", "Authorization", "Origin", "X-Forwarded-For",
        "Sec-WebSocket-Protocol", "T", "Tee", "Upgrade-Insecure-Requests", "")) {
      assertThat(HttpRequests.isTransportHeader(name)).as(name).isFalse();
      assertThat(HttpRequests.KEEP_CLIENT_HEADERS.test(name)).as(name).isTrue();
    }
  }

  @Test
  void aRequestIsNarrowedToTheHeadersKeptAndKeptAsItIsWhenNothingGoes() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of("example.com"));
    headers.put("Upgrade", List.of("websocket"));
    headers.put("X-Tag", List.of("a", "b"));
    HubHttpRequest request = HubHttpRequest.of("/chat", "?room=1", headers, null, TransportType.WEB_SOCKETS);

    HubHttpRequest narrowed = HttpRequests.retain(request, HttpRequests.KEEP_CLIENT_HEADERS);
    assertThat(narrowed.headers()).containsOnlyKeys("Host", "X-Tag");
    assertThat(narrowed.headers().get("x-tag")).containsExactly("a", "b");
    assertThat(narrowed.path()).isEqualTo("/chat");
    assertThat(narrowed.queryParam("room")).isEqualTo("1");
    assertThat(narrowed.transport()).isEqualTo(TransportType.WEB_SOCKETS);

    assertThat(HttpRequests.retain(request, HttpRequests.KEEP_ALL)).isSameAs(request);
    assertThat(HttpRequests.retain(narrowed, HttpRequests.KEEP_CLIENT_HEADERS)).isSameAs(narrowed);
    assertThat(HttpRequests.retain(request, name -> false).headers()).isEmpty();
  }
}
