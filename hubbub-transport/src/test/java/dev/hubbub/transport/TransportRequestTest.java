package dev.hubbub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
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
}
