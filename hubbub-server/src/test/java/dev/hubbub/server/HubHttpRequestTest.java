package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.transport.TransportType;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HubHttpRequest}: headers kept packed for a connection's lifetime read back exactly as given. */
class HubHttpRequestTest {

  private static HubHttpRequest request(Map<String, List<String>> headers) {
    return HubHttpRequest.of("/chat", "?id=1", headers, new InetSocketAddress("127.0.0.1", 5000),
        TransportType.WEB_SOCKETS);
  }

  @Test
  void headersReadBackByAnyCaseWithEveryValueInOrder() {
    Map<String, List<String>> given = new LinkedHashMap<>();
    given.put("Host", List.of("localhost:8080"));
    given.put("X-Multi", List.of("a", "b"));
    given.put("Cookie", List.of("k=v; other=w"));
    HubHttpRequest r = request(given);
    assertThat(r.header("host")).isEqualTo("localhost:8080");
    assertThat(r.header("X-MULTI")).isEqualTo("a");
    assertThat(r.header("X-Multi-Not")).isNull();
    assertThat(r.header("X-Mult")).isNull();
    assertThat(r.headers()).containsOnlyKeys("Host", "X-Multi", "Cookie");
    assertThat(r.headers().get("x-multi")).containsExactly("a", "b");
    assertThat(r.cookies()).containsExactly(Map.entry("k", "v"), Map.entry("other", "w"));
    assertThat(r.queryString()).isEqualTo("id=1");
    assertThat(r.queryParam("ID")).isEqualTo("1");
  }

  @Test
  void valuesWithDigitsColonsSeparatorsAndWideCharactersSurvive() {
    // Behind a service the headers come from a map in a message: anything may be in them.
    Map<String, List<String>> given = new LinkedHashMap<>();
    given.put("X-Digits", List.of("12:34", "5:", ":6"));
    given.put("X-Odd", List.of("nul\u0000and\nnewline", "", "d\u00e9j\u00e0 vu \u2603"));
    given.put("10:Host", List.of("9:localhost"));
    given.put("X-Long", List.of("x".repeat(70_000)));
    HubHttpRequest r = request(given);
    assertThat(r.headers().get("X-Digits")).containsExactly("12:34", "5:", ":6");
    assertThat(r.headers().get("x-odd")).containsExactly("nul\u0000and\nnewline", "", "d\u00e9j\u00e0 vu \u2603");
    assertThat(r.header("10:host")).isEqualTo("9:localhost");
    assertThat(r.header("Host")).isNull();
    assertThat(r.header("X-Long")).hasSize(70_000);
  }

  @Test
  void charactersBeyondLatin1AndPairsFromNettySurvive() {
    Map<String, List<String>> given = new LinkedHashMap<>();
    given.put("X-\u00dcml\u00e4ut", List.of("emoji \ud83d\ude00 end"));
    given.put("X-Broken", List.of("lone \ud83d here"));
    HubHttpRequest r = request(given);
    assertThat(r.header("x-\u00fcml\u00c4ut")).isEqualTo("emoji \ud83d\ude00 end");
    assertThat(r.header("X-Uml")).isNull();
    // An unpaired surrogate is not a character: it comes back as '?', as the JDK's UTF-8 encoder writes it.
    assertThat(r.header("x-broken")).isEqualTo("lone ? here");

    HubHttpRequest fromNetty = HubHttpRequest.ofPairs("/chat", "", List.of(
            Map.entry(io.netty.util.AsciiString.of("Host"), "localhost:8080"),
            Map.entry(io.netty.util.AsciiString.of("Sec-WebSocket-Key"), "dGhlIHNhbXBsZSBub25jZQ==")),
        null, null);
    assertThat(fromNetty.header("HOST")).isEqualTo("localhost:8080");
    assertThat(fromNetty.headers()).containsOnlyKeys("Host", "Sec-WebSocket-Key");
  }

  @Test
  void noHeadersAndToStringWithNamesOnly() {
    HubHttpRequest none = request(Map.of());
    assertThat(none.headers()).isEmpty();
    assertThat(none.header("Host")).isNull();
    assertThat(none.cookies()).isEmpty();
    HubHttpRequest secret = request(Map.of("Authorization", List.of("Bearer s3cr3t"), "Cookie", List.of("id=t0k3n")));
    assertThat(secret.toString()).contains("Authorization", "Cookie").doesNotContain("s3cr3t", "t0k3n");
  }
}
