package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.management.examples.PersistentExample;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/** Runs the guide's persistent-transport example against a real service, watched by a SignalR client. */
class PersistentExampleTest {
  @Test
  void sendsAndAddsToAGroupOverAPersistentConnection() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (HubbubService service = HubbubService.start(ServiceOptions.builder().port(0).build());
        ServiceManager rest = new ServiceManagerBuilder().connectionString(service.connectionString()).build();
        TestSignalRClient alice = TestSignalRClient.connect(http, rest.createHubContext("chat")
            .negotiate(NegotiationOptions.builder().userId("alice").build()))) {

      PersistentExample.notify(service.connectionString(), "alice");

      assertThat(alice.nextInvocation("newMessage").toString()).isEqualTo("[\"welcome\"]");
      assertThat(rest.createHubContext("chat").userGroups().isUserInGroup("alice", "vip")).isTrue();
    }
  }
}
