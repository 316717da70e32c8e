package dev.hubbub.server.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubServer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The guide's examples start and answer. */
class GuideExamplesTest {
  @Test
  void theSelfHostedExampleServesItsRoutesAndRefusesAnonymousClients() throws Exception {
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try (HubServer server = GuideExamples.start(
        "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), blocking)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("{\"up\":true}");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/report")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("report");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/orders/negotiate?negotiateVersion=1"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(401);
    } finally {
      blocking.shutdownNow();
    }
  }

  @Test
  void theEmbeddedExampleStarts() {
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (HubServer hubs = GuideExamples.embedded(group)) {
      assertThat(hubs.serves("/orders/negotiate")).isTrue();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void thePacedBroadcasterDeliversEveryTick() throws Exception {
    try (HubServer server = HubServer.builder().port(0).hub("/ticks", GuideExamples.TickerHub.class).start()) {
      StringBuilder received = new StringBuilder();
      CountDownLatch all = new CountDownLatch(1);
      int ticks = 200;
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ticks"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              synchronized (received) {
                received.append(data);
                if (received.indexOf("\"arguments\":[" + (ticks - 1) + "]") >= 0) {
                  all.countDown();
                }
              }
              socket.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"protocol\":\"json\",\"version\":1}\u001e", true).get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);

      GuideExamples.broadcastPaced(server, ticks);
      assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
      synchronized (received) {
        assertThat(received.toString().split("\"target\":\"tick\"", -1)).hasSize(ticks + 1);
      }
      assertThat(server.backloggedConnections()).isZero();
      ws.abort();
    }
  }

  @Test
  void theGuideQuotesThePacedBroadcasterVerbatim() throws Exception {
    String example = Files.readString(Path.of("src/test/java/dev/hubbub/server/docs/GuideExamples.java"));
    Matcher m = Pattern.compile("// tag::paced\\[\\]\n(.*?)\n\\s*// end::paced\\[\\]", Pattern.DOTALL)
        .matcher(example);
    assertThat(m.find()).isTrue();
    // Compared line by line without indentation: the guide quotes it inside a list item.
    assertThat(stripped(Files.readString(Path.of("../docs/server.md")))).contains(stripped(m.group(1)));
  }

  private static String stripped(String text) {
    return text.lines().map(String::strip).collect(Collectors.joining("\n"));
  }
}
