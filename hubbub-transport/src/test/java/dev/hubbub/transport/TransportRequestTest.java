package dev.hubbub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportRequestTest {
  @Test
  void rawPathKeepsEscapedSlashesInsideSegments() {
    TransportRequest r = new TransportRequest("POST", "/api/hubs/chat/groups/room%2F2/:send?api-version=2022-06-01",
        new DefaultHttpHeaders(), null);
    assertThat(r.path()).isEqualTo("/api/hubs/chat/groups/room/2/:send");
    assertThat(r.rawPath()).isEqualTo("/api/hubs/chat/groups/room%2F2/:send");
    assertThat(r.query().get("API-VERSION")).containsExactly("2022-06-01");
  }

  @Test
  void aPathWithoutEscapesIsTheRawPathAsNettysDecoderReadsIt() {
    for (String target : new String[] {"/chat", "/a+b;c/d?x=1", "/hub/x.y_z~!$&'()*,=:@?q#f", "/"}) {
      TransportRequest r = new TransportRequest("GET", target, new DefaultHttpHeaders(), null);
      assertThat(r.path()).as(target).isEqualTo(new QueryStringDecoder(target).path());
    }
  }

  @Test
  void rawPathOfAnAbsoluteFormRequestTarget() {
    TransportRequest r = new TransportRequest("GET", "http://localhost:8888/api/health#x", new DefaultHttpHeaders(), null);
    assertThat(r.rawPath()).isEqualTo("/api/health");
  }

  @Test
  void accessTokenFromTheBearerHeaderElseTheLastQueryValue() {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    TransportRequest query = new TransportRequest("GET", "/c?access_token=a&access_token=b", headers, null);
    assertThat(query.accessToken()).isEqualTo("b");
    headers.set("Authorization", "Bearer h");
    TransportRequest both = new TransportRequest("GET", "/c?access_token=a", headers, null);
    assertThat(both.accessToken()).isEqualTo("h");
  }

  @Test
  void aStrayPercentInTheQueryIsKeptAsText() {
    // Found by NegotiateEndpointFuzzTest: '%zz' made Netty's decoder throw, and negotiate answered 500.
    TransportRequest r = new TransportRequest("POST", "/chat/negotiate?negotiateVersion=%31&a=%zz&b=100%&c=%E2%82%AC",
        new DefaultHttpHeaders(), null);
    assertThat(r.queryParam("negotiateVersion")).isEqualTo("1");
    assertThat(r.queryParam("a")).isEqualTo("%zz");
    assertThat(r.queryParam("b")).isEqualTo("100%");
    assertThat(r.queryParam("c")).isEqualTo("\u20ac");
  }

  @Test
  void aPlainQueryIsReadInPlaceWithTheAnswerOfTheFullDecoder() {
    // queryParam before anything built the map reads a plain query in place; every other query, and every query
    // once the map exists, goes through the decoder. Both must agree on every query, plain or not.
    String alphabet = "aAiIdD=&;%2+#?x.-_~";
    Random random = new Random(14);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder query = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        query.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String target = "/c" + (random.nextInt(8) == 0 ? "" : "?") + query;
      for (String name : List.of("id", "ID", "a", "i", "x.-_~", "a=i", "i&d", "", "%69d")) {
        String inPlace = new TransportRequest("GET", target, new DefaultHttpHeaders(), null).queryParam(name);
        TransportRequest decoded = new TransportRequest("GET", target, new DefaultHttpHeaders(), null);
        decoded.query();
        assertThat(inPlace).as("%s in %s", name, target).isEqualTo(decoded.queryParam(name));
      }
    }
  }

  @Test
  void plainQueries() {
    TransportRequest r = new TransportRequest("GET", "/chat?ID=abc-1_2.3~&flag&id=second&empty=",
        new DefaultHttpHeaders(), null);
    assertThat(r.queryParam("id")).isEqualTo("abc-1_2.3~");
    assertThat(r.queryParam("flag")).isEmpty();
    assertThat(r.queryParam("empty")).isEmpty();
    assertThat(r.queryParam("missing")).isNull();
    assertThat(new TransportRequest("GET", "/chat", new DefaultHttpHeaders(), null).query()).isEmpty();
    assertThat(new TransportRequest("GET", "/chat?", new DefaultHttpHeaders(), null).queryParam("id")).isNull();
  }

  @Test
  void theLastAccessTokenOfAPlainQueryIsReadInPlaceWithTheAnswerOfTheFullDecoder() {
    String[] parts = {"access_token", "ACCESS_TOKEN", "Access_Token", "=", "=", "&", "&", "x", "y", "%41", "+", "#"};
    Random random = new Random(15);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder query = new StringBuilder();
      for (int i = random.nextInt(10); i > 0; i--) {
        query.append(parts[random.nextInt(parts.length)]);
      }
      String target = "/client/?" + query;
      String inPlace = new TransportRequest("GET", target, new DefaultHttpHeaders(), null).accessToken();
      TransportRequest decoded = new TransportRequest("GET", target, new DefaultHttpHeaders(), null);
      decoded.query();
      assertThat(inPlace).as(target).isEqualTo(decoded.accessToken());
    }
  }
}
