package dev.hubbub.spring.boot.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.test.client.HubInvocationException;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.TransportType;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Spring Security's method security on a hub bean: {@code @PreAuthorize} decides with the caller's principal and
 * authorities, a denial is a completion error the client can act on (the connection stays), and invocations are
 * counted in Micrometer.
 */
@SpringBootTest(classes = ServletBridgeApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "spring.autoconfigure.exclude="})
class HubMethodSecurityTest {

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  private HubTestClient connect(String user) {
    return HubTestClient.connect("http://127.0.0.1:" + port + "/chat",
        o -> o.transport(TransportType.WEB_SOCKETS).header("Authorization", ServletBridgeTest.basic(user)));
  }

  @Test
  void preAuthorizeAllowsTheRoleItNames() {
    try (HubTestClient root = connect("root")) {
      assertThat(root.invoke(String.class, "adminOnly")).isEqualTo("admin ok: root");
    }
  }

  @Test
  void aDeniedCallIsACompletionErrorThatSaysWhyAndTheConnectionStays() {
    try (HubTestClient alice = connect("alice")) {
      assertThatThrownBy(() -> alice.invoke(String.class, "adminOnly"))
          .isInstanceOf(HubInvocationException.class)
          .hasMessageContaining("Access to 'adminOnly' was denied by Spring Security method security "
              + "(@PreAuthorize(\"hasRole('ADMIN')\")) for user 'alice' with authorities [ROLE_USER].");
      assertThat(alice.invoke(String.class, "whoAmI")).isEqualTo("alice");
    }
  }

  @Test
  void hubMethodsRunWithTheCallerInSpringSecuritysContext() {
    try (HubTestClient bob = connect("bob")) {
      assertThat(bob.invoke(String.class, "securityContextName")).isEqualTo("bob");
    }
  }

  @Test
  void invocationsAreCountedPerHub() {
    double before = received();
    try (HubTestClient alice = connect("alice")) {
      alice.invoke(Integer.class, "add", 1, 2);
      alice.invoke(String.class, "whoAmI");
    }
    assertThat(received() - before).isEqualTo(2.0);
  }

  private double received() {
    var counter = meters.find("hubbub.signalr.invocations.received").tag("hub", "/chat").counter();
    return counter == null ? 0 : counter.count();
  }
}
