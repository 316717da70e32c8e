package dev.hubbub.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Route building, encoding, idempotency and payload encoding, without I/O. */
class RestRequestTest {
  @Test
  void segmentsAndQueryValuesArePercentEncodedLikeEscapeDataString() {
    assertThat(RestRequest.encode("a b/c+d?e&f=g#h~i*j-k_l.m é")).isEqualTo(
        "a%20b%2Fc%2Bd%3Fe%26f%3Dg%23h~i%2Aj-k_l.m%20%C3%A9");
  }

  @Test
  void aRequestKnowsItsTemplatePathQueryAndIdempotency() {
    RestRequest r = RestRequest.hub("SendToGroup", "POST", HubRef.of("Chat", "App")).literal("/groups/")
        .segment("{group}", "g 1").literal("/:send").queryAll("excluded", List.of("a", "b")).build();
    assertThat(r.routeTemplate()).isEqualTo("/api/hubs/{hub}/groups/{group}/:send");
    assertThat(r.path()).isEqualTo("/api/hubs/chat/groups/g%201/:send");
    assertThat(r.pathAndQuery())
        .isEqualTo("/api/hubs/chat/groups/g%201/:send?application=app&excluded=a&excluded=b&api-version=2022-06-01");
    assertThat(r.idempotent()).isFalse();
    assertThat(RestRequest.hub("X", "PUT", HubRef.of("chat", null)).build().idempotent()).isTrue();
  }

  @Test
  void hubNamesFollowTheServiceRule() {
    assertThat(HubRef.of("My_Hub.v1", null).serviceHubName()).isEqualTo("my_hub.v1");
    assertThat(HubRef.of("hub", "App").serviceHubName()).isEqualTo("app_hub");
    assertThatThrownBy(() -> HubRef.of("a".repeat(129), null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HubRef.of("hub", "_app")).hasMessageContaining("Invalid application name '_app'");
  }

  @Test
  void payloadsArePascalCaseAndUnserializableArgumentsSayWhich() {
    PayloadEncoder encoder = new PayloadEncoder(new ObjectMapper());
    assertThat(new String(encoder.encode("m", null).json())).isEqualTo("{\"Target\":\"m\",\"Arguments\":[]}");
    assertThat(new String(encoder.encode("m", new Object[] {null, "x"}).json()))
        .isEqualTo("{\"Target\":\"m\",\"Arguments\":[null,\"x\"]}");
    assertThatThrownBy(() -> encoder.encode("m", new Object[] {new Object()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The arguments of 'm' cannot be serialized to JSON");
  }
}
