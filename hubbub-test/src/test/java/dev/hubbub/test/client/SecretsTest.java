package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Access tokens never appear in exception messages, toString() or logs (the client logs at DEBUG here). */
class SecretsTest {
  private static final String TOKEN = "secret-token-4711";
  private static final String REDIRECT_TOKEN = "redirect-secret-0815";
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private void collect(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
    }
  }

  @Test
  void tokensStayOutOfFailuresToStringAndLogs() throws Exception {
    try (OutputCapture output = new OutputCapture()) {
      FakeHttpSignalRServer fake = track(new FakeHttpSignalRServer());

      // negotiate refused, with the token sent
      fake.negotiate = ex -> new FakeHttpSignalRServer.Answer(401, "text/plain", new byte[0]);
      HubTestClient refused = track(HubTestClient.create(fake.url(), o -> o.accessToken(TOKEN)));
      collect(catchThrowable(refused::start));
      texts.add(refused.toString());
      texts.add(refused.options().toString());

      // a redirect with a token, to a negotiate that answers a broken body holding the token
      fake.negotiate = ex -> ex.getRequestURI().getQuery().contains("second")
          ? FakeHttpSignalRServer.Answer.json(200, "{\"negotiateVersion\":\"x\",\"accessToken\":\"" + REDIRECT_TOKEN
              + "\"}")
          : FakeHttpSignalRServer.Answer.json(200, "{\"url\":\"" + fake.url() + "?second=1\",\"accessToken\":\""
              + REDIRECT_TOKEN + "\"}");
      HubTestClient redirected = track(HubTestClient.create(fake.url(), o -> o.accessToken(TOKEN)));
      collect(catchThrowable(redirected::start));
      assertThat(fake.requests).anyMatch(r -> r.endsWith("auth=Bearer " + REDIRECT_TOKEN));

      // a real service, on every transport, with a drop and a server close
      HubbubService service = track(HubbubService.start(ServiceOptions.builder().port(0).build()));
      ServiceManager manager = track(new ServiceManagerBuilder().connectionString(service.connectionString()).build());
      ServiceHubContext chat = track(manager.createHubContext("chat"));
      for (TransportType transport : TransportType.values()) {
        NegotiationResponse n = chat.negotiate(NegotiationOptions.builder().userId("u").build());
        HubTestClient client = track(HubTestClient.connect(n.url(), o -> o.transport(transport)
            .accessToken(java.util.Objects.requireNonNull(n.accessToken())).automaticReconnect(Duration.ZERO)));
        texts.add(java.util.Objects.requireNonNull(n.accessToken()));
        client.abortTransport();
        client.awaitEvent(ConnectionEvent.Kind.RECONNECTED);
        chat.clientManager().closeConnection(client.connectionId(), "bye");
        client.awaitEvent(ConnectionEvent.Kind.CLOSED);
        texts.add(client.toString());
        client.events().forEach(e -> {
          texts.add(e.toString());
          if (e.error() != null) {
            collect(e.error());
          }
        });
        String serviceToken = texts.remove(texts.indexOf(java.util.Objects.requireNonNull(n.accessToken())));
        assertThat(output.text()).doesNotContain(serviceToken);
        assertThat(texts).noneMatch(t -> t.contains(serviceToken));
      }

      assertThat(output.text()).doesNotContain(TOKEN).doesNotContain(REDIRECT_TOKEN).contains("DEBUG");
      assertThat(texts).isNotEmpty().noneMatch(t -> t.contains(TOKEN) || t.contains(REDIRECT_TOKEN));
      assertThat(String.join("\n", texts)).contains("****"); // the masked body and options say a token was there
    }
  }
}
