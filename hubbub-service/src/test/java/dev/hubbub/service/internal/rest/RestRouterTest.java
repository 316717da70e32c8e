package dev.hubbub.service.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.service.internal.rest.RestOperation.ApiStyle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RestRouterTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      // 2022-06-01 style (what the management SDK sends)
      "POST, /api/hubs/chat/:send, BROADCAST",
      "POST, /api/hubs/chat/users/u1/:send, SEND_TO_USER",
      "POST, /api/hubs/chat/connections/c1/:send, SEND_TO_CONNECTION",
      "POST, /api/hubs/chat/groups/g1/:send, SEND_TO_GROUP",
      "POST, /api/hubs/chat/:closeConnections, CLOSE_ALL_CONNECTIONS",
      "POST, /api/hubs/chat/groups/g1/:closeConnections, CLOSE_GROUP_CONNECTIONS",
      "POST, /api/hubs/chat/users/u1/:closeConnections, CLOSE_USER_CONNECTIONS",
      "DELETE, /api/hubs/chat/connections/c1, CLOSE_CONNECTION",
      "HEAD, /api/hubs/chat/connections/c1, CONNECTION_EXISTS",
      "HEAD, /api/hubs/chat/groups/g1, GROUP_EXISTS",
      "HEAD, /api/hubs/chat/users/u1, USER_EXISTS",
      "PUT, /api/hubs/chat/groups/g1/connections/c1, ADD_CONNECTION_TO_GROUP",
      "DELETE, /api/hubs/chat/groups/g1/connections/c1, REMOVE_CONNECTION_FROM_GROUP",
      "DELETE, /api/hubs/chat/connections/c1/groups, REMOVE_CONNECTION_FROM_ALL_GROUPS",
      "GET, /api/hubs/chat/users/u1/groups/g1, USER_IN_GROUP",
      "HEAD, /api/hubs/chat/users/u1/groups/g1, USER_IN_GROUP",
      "PUT, /api/hubs/chat/users/u1/groups/g1, ADD_USER_TO_GROUP",
      "DELETE, /api/hubs/chat/users/u1/groups/g1, REMOVE_USER_FROM_GROUP",
      "DELETE, /api/hubs/chat/users/u1/groups, REMOVE_USER_FROM_ALL_GROUPS",
      "POST, /api/hubs/chat/:generateToken, GENERATE_TOKEN",
      "GET, /api/hubs/chat/groups/g1/connections, LIST_GROUP_CONNECTIONS",
      // v1 style
      "POST, /api/v1/hubs/chat, BROADCAST",
      "POST, /api/v1/hubs/chat/users/u1, SEND_TO_USER",
      "POST, /api/v1/hubs/chat/connections/c1, SEND_TO_CONNECTION",
      "POST, /api/v1/hubs/chat/groups/g1, SEND_TO_GROUP",
      "GET, /api/v1/hubs/chat/connections/c1, CONNECTION_EXISTS",
      "GET, /api/v1/hubs/chat/groups/g1/users/u1, USER_IN_GROUP",
      "PUT, /api/v1/hubs/chat/groups/g1/users/u1, ADD_USER_TO_GROUP",
      "DELETE, /api/v1/hubs/chat/groups/g1/users/u1, REMOVE_USER_FROM_GROUP",
      "PUT, /api/v1/hubs/chat/connections/c1/groups/g1, ADD_CONNECTION_TO_GROUP",
  })
  void routes(String method, String path, RestOperation expected) throws RestException {
    RestCall call = RestRouter.route(method, path, Map.of());
    assertThat(call).isNotNull();
    assertThat(call.operation()).isEqualTo(expected);
    assertThat(call.style()).isEqualTo(path.startsWith("/api/v1/") ? ApiStyle.V1 : ApiStyle.VERSIONED);
  }

  @Test
  void namesAreDecodedAndHubLowerCasedWithApplicationPrefix() throws RestException {
    RestCall call = RestRouter.route("PUT", "/api/hubs/Chat/users/a%2Fb%20c/groups/g+1",
        Map.of("application", List.of("MyApp"), "ttl", List.of("30")));
    assertThat(call.hub()).isEqualTo("myapp_chat");
    assertThat(call.user()).isEqualTo("a/b c");
    assertThat(call.group()).isEqualTo("g+1");
    assertThat(call.ttlSeconds()).isEqualTo(30);
  }

  @Test
  void excludedIsMultiValued() throws RestException {
    RestCall call = RestRouter.route("POST", "/api/hubs/chat/:send",
        Map.of("excluded", List.of("a", "b"), "api-version", List.of("2022-06-01")));
    assertThat(call.excluded()).containsExactly("a", "b");
    assertThat(call.queryValue("API-VERSION")).isEqualTo("2022-06-01");
  }

  @Test
  void successStatusesDifferByStyle() {
    assertThat(RestOperation.CLOSE_CONNECTION.successStatus(ApiStyle.VERSIONED)).isEqualTo(200);
    assertThat(RestOperation.CLOSE_CONNECTION.successStatus(ApiStyle.V1)).isEqualTo(202);
    assertThat(RestOperation.REMOVE_USER_FROM_GROUP.successStatus(ApiStyle.VERSIONED)).isEqualTo(204);
    assertThat(RestOperation.BROADCAST.successStatus(ApiStyle.V1)).isEqualTo(202);
  }

  @Test
  void unknownPathsAreNotRoutes() throws RestException {
    assertThat(RestRouter.route("GET", "/api/health", Map.of())).isNull();
    assertThat(RestRouter.route("POST", "/api/hubs/chat/nothing/here", Map.of())).isNull();
    assertThat(RestRouter.route("POST", "/client/negotiate", Map.of())).isNull();
  }

  @Test
  void knownPathWithOtherMethodIs405() {
    assertThatThrownBy(() -> RestRouter.route("PATCH", "/api/hubs/chat/:send", Map.of()))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.status()).isEqualTo(405));
  }

  @Test
  void invalidNamesAre400WithTheRule() {
    assertThatThrownBy(() -> RestRouter.route("POST", "/api/hubs/1chat/:send", Map.of()))
        .isInstanceOfSatisfying(RestException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.errorCode()).isEqualTo("Error.Request.Invalid");
          assertThat(e.getMessage()).startsWith("Invalid hub name.");
        });
    assertThatThrownBy(() -> RestRouter.route("POST", "/api/hubs/chat/groups/%20%20/:send", Map.of()))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.getMessage()).startsWith("Invalid group name."));
    String longGroup = "g".repeat(1025);
    assertThatThrownBy(() -> RestRouter.route("POST", "/api/hubs/chat/groups/" + longGroup + "/:send", Map.of()))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> RestRouter.route("POST", "/api/hubs/chat/:send", Map.of("application", List.of("_x"))))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.getMessage()).startsWith("Invalid application name."));
    assertThatThrownBy(() -> RestRouter.route("POST", "/api/hubs/chat/users/%zz/:send", Map.of()))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.getMessage()).contains("malformed percent escape"));
    assertThatThrownBy(() -> RestRouter.route("PUT", "/api/hubs/chat/users/u/groups/g", Map.of("ttl", List.of("-1"))))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.getMessage()).startsWith("Invalid ttl '-1'"));
  }

  @Test
  void templatesNameTheRouteWithoutTheNames() {
    assertThat(RestRouter.template("/api/hubs/Chat/:send")).isEqualTo("/api/hubs/{hub}/:send");
    assertThat(RestRouter.template("/api/v1/hubs/chat")).isEqualTo("/api/v1/hubs/{hub}");
    assertThat(RestRouter.template("/api/hubs/chat/users/alice/groups/g")).isEqualTo("/api/hubs/{hub}/users/{user}/groups/{group}");
    assertThat(RestRouter.template("/api/hubs/chat/groups/g/connections/c1")).isEqualTo("/api/hubs/{hub}/groups/{group}/connections/{connectionId}");
    assertThat(RestRouter.template("/api/hubs/chat/:closeconnections")).isEqualTo("/api/hubs/{hub}/:closeConnections");
    assertThat(RestRouter.template("/api/health")).isEqualTo("/api/health");
    assertThat(RestRouter.template("/api/v1/health")).isEqualTo("/api/v1/health");
    assertThat(RestRouter.template("/wp-admin/setup.php")).isEqualTo("unknown");
    assertThat(RestRouter.template("/api/hubs/chat/secret-name")).isEqualTo("unknown");
  }
}
