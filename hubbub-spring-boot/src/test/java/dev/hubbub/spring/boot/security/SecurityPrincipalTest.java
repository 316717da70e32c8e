package dev.hubbub.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.TransportType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Spring Security authenticates the negotiate on the application's port; its principal is the SignalR user. */
@SpringBootTest(classes = SecuredApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubbub.signalr.dev-service.enabled=false", "spring.autoconfigure.exclude="})
class SecurityPrincipalTest {

  @LocalServerPort
  int port;

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void theAuthenticatedPrincipalIsTheSignalRUser(TransportType transport) {
    try (HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/secure",
        o -> o.transport(transport).header("Authorization", basic("alice", "secret")))) {
      assertThat(client.invoke(String.class, "whoAmI")).isEqualTo("alice");
    }
  }

  @Test
  void springSecurityRolesAreTheHubUsersRoles() {
    try (HubTestClient root = HubTestClient.connect("http://127.0.0.1:" + port + "/secure",
        o -> o.header("Authorization", basic("root", "secret")))) {
      assertThat(root.invoke(String.class, "adminOnly")).isEqualTo("admin ok");
    }
    try (HubTestClient alice = HubTestClient.connect("http://127.0.0.1:" + port + "/secure",
        o -> o.header("Authorization", basic("alice", "secret")))) {
      assertThatThrownBy(() -> alice.invoke(String.class, "adminOnly"))
          .hasMessageContaining("Failed to invoke 'adminOnly' because user is unauthorized");
      assertThat(alice.invoke(String.class, "whoAmI")).isEqualTo("alice");
    }
  }

  @Test
  void withoutCredentialsTheNegotiateIsRefused() {
    assertThatThrownBy(() -> HubTestClient.connect("http://127.0.0.1:" + port + "/secure").close())
        .hasMessageContaining("401");
  }

  @Test
  void theHubTransportRefusesRequestsThatSkippedTheApplicationsNegotiate() {
    assertThatThrownBy(() -> HubTestClient.connect("http://127.0.0.1:" + port + "/secure?hubbub-principal=forged",
        o -> o.header("Authorization", basic("alice", "secret"))).close()).hasMessageContaining("401");
  }
}
