package dev.hubbub.test.client;

import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportUser;
import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/** Where {@link ChatTestHub} runs: on a self-hosted hub server, or on one behind the Hubbub service (Default mode). */
enum Hosting {
  SELF_HOSTED,
  BEHIND_SERVICE;

  /** A running hub server (and service); the hub's URL is {@link Running#hubUrl()}. */
  Running start() throws IOException {
    HubbubService service = null;
    HubServer.Builder builder = HubServer.builder()
        .bindAddress("127.0.0.1")
        .port(0)
        .hub("/chat", ChatTestHub.class)
        .options(o -> o.enableDetailedErrors(false).allowStatefulReconnects(true))
        .authenticator((request, app) -> {
          String user = request.queryParam("user");
          return user == null ? AuthResult.anonymous() : AuthResult.allow(TransportUser.of(user));
        });
    if (this == BEHIND_SERVICE) {
      service = HubbubService.start(ServiceOptions.builder().port(0).mode(ServiceMode.DEFAULT).build());
      builder.useAzureSignalR(AzureSignalROptions.builder()
          .connectionString(service.connectionString())
          .connectionCount(2)
          .build());
    }
    HubServer server = builder.start();
    if (service != null) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(server::isHealthy);
    }
    return new Running(server, service);
  }

  /** A hub server, and the service it is behind (or null). */
  record Running(HubServer server, @Nullable HubbubService service) implements AutoCloseable {
    String hubUrl() {
      return "http://127.0.0.1:" + server.port() + "/chat";
    }

    @Override
    public void close() {
      server.close();
      if (service != null) {
        service.close();
      }
    }
  }
}
