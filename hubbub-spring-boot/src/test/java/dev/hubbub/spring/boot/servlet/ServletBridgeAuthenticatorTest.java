package dev.hubbub.spring.boot.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.TransportType;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/** The servlet bridge with an application's own {@link Authenticator} bean: it decides who the hub user is. */
@SpringBootTest(classes = {ServletChatApp.class, ServletBridgeAuthenticatorTest.HeaderUsers.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false"})
class ServletBridgeAuthenticatorTest {

  @LocalServerPort
  int port;

  @TestConfiguration
  static class HeaderUsers {
    /** The user named by an {@code X-User} header; 401 without one. */
    @Bean
    Authenticator headerUsers() {
      return (request, application) -> {
        String user = request.header("X-User");
        return user == null ? AuthResult.unauthorized() : AuthResult.allow(TransportUser.of(user));
      };
    }
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void theApplicationsAuthenticatorNamesTheUser(TransportType transport) {
    try (HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/chat",
        o -> o.transport(transport).header("X-User", "carol"))) {
      assertThat(client.invoke(String.class, "whoAmI")).isEqualTo("carol");
    }
  }

  @Test
  void itsRefusalIsTheNegotiatesAnswer() {
    assertThatThrownBy(() -> HubTestClient.connect("http://127.0.0.1:" + port + "/chat").close())
        .hasMessageContaining("401");
  }
}
