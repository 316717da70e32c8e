package dev.hubbub.test.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.server.Hub;
import dev.hubbub.server.HubException;
import dev.hubbub.server.HubServer;
import dev.hubbub.test.client.ConnectionEvent;
import dev.hubbub.test.client.HubInvocationException;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.Protocol;
import dev.hubbub.test.client.ServerStream;
import dev.hubbub.test.client.TransportType;
import dev.hubbub.test.client.UploadStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client examples of docs/testing.md, against a self-hosted hub server. */
class ClientExamplesTest {

  /** A hub with a method of each kind. */
  public static class DemoHub extends Hub {
    public int add(int a, int b) {
      return a + b;
    }

    public void fail() {
      throw new HubException("not today");
    }

    public Flow.Publisher<Integer> countdown(int from) {
      return subscriber -> {
        SubmissionPublisher<Integer> out = new SubmissionPublisher<>();
        out.subscribe(subscriber);
        for (int i = from; i > 0; i--) {
          out.submit(i);
        }
        out.close();
      };
    }

    public CompletableFuture<Integer> sum(Flow.Publisher<Integer> numbers) {
      CompletableFuture<Integer> total = new CompletableFuture<>();
      numbers.subscribe(new Flow.Subscriber<>() {
        private int sum;

        @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
        @Override public void onNext(Integer n) { sum += n; }
        @Override public void onError(Throwable e) { total.completeExceptionally(e); }
        @Override public void onComplete() { total.complete(sum); }
      });
      return total;
    }

    public CompletableFuture<String> greet() {
      return clients().caller().invoke(String.class, "getName").thenApply(name -> "Hello, " + name);
    }
  }

  private HubServer server;
  private String url;

  @BeforeEach
  void startServer() {
    server = HubServer.builder().port(0).hub("/demo", DemoHub.class).start();
    url = "http://localhost:" + server.port() + "/demo";
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void invokeStreamAndAnswer() throws Exception {
    try (HubTestClient client = HubTestClient.create(url, o -> o
            .transport(TransportType.WEB_SOCKETS)
            .protocol(Protocol.MESSAGEPACK)
            .timeout(Duration.ofSeconds(5)))   // the default wait of blocking calls
        .onInvocation("getName", invocation -> "Ada")   // a client result
        .start()) {
      assertThat(client.invoke(Integer.class, "add", 2, 3)).isEqualTo(5);
      assertThatThrownBy(() -> client.invoke(Void.class, "fail"))
          .isInstanceOfSatisfying(HubInvocationException.class, e -> assertThat(e.serverError())
              .isEqualTo("An unexpected error occurred invoking 'fail' on the server. HubException: not today"));

      ServerStream<Integer> countdown = client.stream(Integer.class, "countdown", 3);
      assertThat(countdown.awaitCompletion()).containsExactly(3, 2, 1);

      UploadStream<Integer> numbers = UploadStream.create();
      CompletableFuture<Integer> sum = client.invokeAsync(Integer.class, "sum", numbers);
      numbers.send(40);
      numbers.send(2);
      numbers.complete();
      assertThat(sum.get()).isEqualTo(42);

      assertThat(client.invoke(String.class, "greet")).isEqualTo("Hello, Ada");
    }
  }

  @Test
  void reconnect() {
    try (HubTestClient client = HubTestClient.connect(url, o -> o
        .automaticReconnect(Duration.ZERO, Duration.ofSeconds(1)))) {
      String first = client.connectionId();

      client.abortTransport();   // as if the network dropped

      client.awaitEvent(ConnectionEvent.Kind.RECONNECTING);
      ConnectionEvent back = client.awaitEvent(ConnectionEvent.Kind.RECONNECTED);
      assertThat(back.connectionId()).isNotEqualTo(first);
      assertThat(client.invoke(Integer.class, "add", 1, 1)).isEqualTo(2);
    }
  }
}
