package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HttpFallbackTest extends TransportTestBase {

  @Test
  void plainRoutesShareThePortAndMayAnswerFromAnotherThread() throws Exception {
    HttpRequestHandler api = (request, body, responder) -> {
      if (request.path().equals("/api/health")) {
        responder.respond(200);
      } else if (request.path().startsWith("/api/hubs/")) {
        String text = body.toString(UTF_8);
        CompletableFuture.runAsync(() -> responder.respond(202, "application/json",
            "{\"echo\":\"" + text + "\",\"method\":\"" + request.method() + "\"}"));
      } else {
        responder.respond(404);
      }
    };
    started(TransportServer.builder(FAST)
        .route(TransportRoute.of("/client", new TransportApplication("chat", handler)))
        .fallback(api)
        .start());
    assertThat(client.get("/api/health").statusCode()).isEqualTo(200);
    assertThat(client.send("HEAD", "/api/health", "").statusCode()).isEqualTo(200);
    HttpResponse<String> sent = client.post("/api/hubs/chat/:send", "hi");
    assertThat(sent.statusCode()).isEqualTo(202);
    assertThat(sent.body()).isEqualTo("{\"echo\":\"hi\",\"method\":\"POST\"}");
    assertThat(sent.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(client.get("/nothing").statusCode()).isEqualTo(404);
    // The transport routes still work next to it.
    assertThat(client.post("/client/negotiate", "").statusCode()).isEqualTo(200);
  }

  @Test
  void aFailingHandlerAnswers500() throws Exception {
    started(TransportServer.builder(FAST)
        .fallback((request, body, responder) -> {
          throw new IllegalStateException("broken handler");
        })
        .start());
    assertThat(client.get("/api/x").statusCode()).isEqualTo(500);
  }

  @Test
  void oversizedPlainBodyIs413() throws Exception {
    started(TransportServer.builder(FAST.toBuilder().maxHttpRequestBytes(1000).build())
        .fallback((request, body, responder) -> responder.respond(200))
        .start());
    assertThat(client.post("/api/x", "z".repeat(1001)).statusCode()).isEqualTo(413);
    assertThat(client.post("/api/x", "z".repeat(1000)).statusCode()).isEqualTo(200);
  }
}
