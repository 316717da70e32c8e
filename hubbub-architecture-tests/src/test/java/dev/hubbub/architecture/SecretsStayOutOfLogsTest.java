package dev.hubbub.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.ServiceTransportType;
import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A full run with every logger at TRACE: the service in Default mode, a hub server behind it, the management
 * SDK over REST and over its persistent transport, a client that negotiates through the hub server and calls a
 * hub, and the usual mistakes (a wrong token, a malformed connection string). Not one log line and not one
 * exception message may carry the access key, the connection string or an access token.
 */
class SecretsStayOutOfLogsTest {
  private static final char RS = '\u001e';
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The base64url form of {@code {"alg"}}, how every JWT this run issues starts. */
  private static final String JWT_START = "eyJhbGciOi";

  private final String accessKey = randomKey();
  private final List<String> tokensSeen = new ArrayList<>();
  private final List<Throwable> exceptionsSeen = new ArrayList<>();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final HttpClient http = HttpClient.newHttpClient();
  private Level level;

  /** Echoes back; the client-facing half of the run. */
  public static final class EchoHub extends Hub {
    public String echo(String text) {
      return text;
    }
  }

  private static String randomKey() {
    byte[] bytes = new byte[33];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes); // 44 characters, like an Azure access key
  }

  @BeforeEach
  void everyLoggerAtTrace() {
    level = root.getLevel();
    root.setLevel(Level.TRACE);
    events.start();
    root.addAppender(events);
  }

  @AfterEach
  void restore() {
    root.detachAppender(events);
    root.setLevel(level);
  }

  @Test
  void noSecretReachesALogLineOrAnExceptionMessage() throws Exception {
    try (HubbubService service = HubbubService.start(ServiceOptions.builder().port(0).mode(ServiceMode.DEFAULT)
        .accessKey(accessKey).build())) {
      String connectionString = "Endpoint=" + service.endpoint() + ";AccessKey=" + accessKey + ";Version=1.0;";
      try (HubServer server = HubServer.builder().hub("/chat", EchoHub.class)
          .useAzureSignalR(AzureSignalROptions.builder().connectionString(connectionString).connectionCount(2).build())
          .start()) {
        await().atMost(Duration.ofSeconds(30)).until(server::isHealthy);
        assertThat(server.toString()).doesNotContain(accessKey);
        clientCallsTheHubThroughTheService(server);
        managementSdkSendsAndNegotiates(connectionString);
        mistakes(service, connectionString);
      }
    }
    assertThat(events.list).as("the run logged at all").isNotEmpty();
    List<String> secrets = new ArrayList<>(tokensSeen);
    secrets.add(accessKey);
    for (ILoggingEvent e : events.list) {
      String line = e.getLoggerName() + " " + e.getFormattedMessage() + " " + throwableText(e.getThrowableProxy());
      for (String secret : secrets) {
        assertThat(line).as("a log line of %s", e.getLoggerName()).doesNotContain(secret);
      }
      assertThat(line).as("a log line of %s holds a token", e.getLoggerName()).doesNotContain(JWT_START);
    }
    for (Throwable t : exceptionsSeen) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        assertThat(String.valueOf(c.getMessage())).doesNotContain(accessKey).doesNotContain(JWT_START);
      }
    }
  }

  private static String throwableText(IThrowableProxy t) {
    StringBuilder out = new StringBuilder();
    for (IThrowableProxy c = t; c != null; c = c.getCause()) {
      out.append(c.getClassName()).append(": ").append(c.getMessage()).append(' ');
    }
    return out.toString();
  }

  private void clientCallsTheHubThroughTheService(HubServer server) throws Exception {
    JsonNode redirect = post("http://localhost:" + server.port() + "/chat/negotiate?negotiateVersion=1", null);
    String token = redirect.path("accessToken").asText();
    assertThat(token).startsWith(JWT_START);
    tokensSeen.add(token);
    String url = redirect.path("url").asText();
    String negotiateUrl = url.replace("/client/?", "/client/negotiate?") + "&negotiateVersion=1";
    JsonNode negotiated = post(negotiateUrl, token);
    String id = negotiated.path("connectionToken").asText();
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url.replace("http", "ws") + "&id="
        + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&access_token=" + token), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              frames.add(text.toString());
              text.setLength(0);
            }
            socket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText("{\"protocol\":\"json\",\"version\":1}" + RS, true).get(10, TimeUnit.SECONDS);
    assertThat(frames.poll(10, TimeUnit.SECONDS)).isEqualTo("{}" + RS);
    ws.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"hi\"]}" + RS, true)
        .get(10, TimeUnit.SECONDS);
    String reply = frames.poll(10, TimeUnit.SECONDS);
    while (reply != null && reply.startsWith("{\"type\":6")) {
      reply = frames.poll(10, TimeUnit.SECONDS);
    }
    assertThat(reply).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"hi\"}" + RS);
    ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
  }

  private void managementSdkSendsAndNegotiates(String connectionString) throws Exception {
    for (ServiceTransportType transport : ServiceTransportType.values()) {
      try (ServiceManager manager = new ServiceManagerBuilder().connectionString(connectionString)
          .transportType(transport).build()) {
        assertThat(manager.toString()).doesNotContain(accessKey);
        ServiceHubContext news = manager.createHubContext("news");
        news.clients().all().send("headline", "hello");
        news.userGroups().addToGroup("someone", "g");
        String token = news.negotiate().accessToken();
        tokensSeen.add(String.valueOf(token));
        news.close();
      } catch (RuntimeException e) {
        exceptionsSeen.add(e);
        throw e;
      }
    }
  }

  private void mistakes(HubbubService service, String connectionString) throws Exception {
    // A REST call signed with another key: 401, and the log says why without the token.
    String forged = new ServiceManagerBuilder().connectionString(connectionString.replace(accessKey, randomKey()))
        .build().createHubContext("news").negotiate().accessToken();
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(service.endpoint()
        + "/api/hubs/news/:send?api-version=2022-06-01")).header("Authorization", "Bearer " + forged)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"m\",\"arguments\":[]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).doesNotContain(accessKey);
    // A malformed connection string: the errors name what is wrong, not the key.
    String broken = connectionString.replace("http://", "ftp://");
    assertThatThrownBy(() -> AzureSignalROptions.builder().connectionString(broken))
        .satisfies(exceptionsSeen::add).hasMessageNotContaining(accessKey);
    assertThatThrownBy(() -> new ServiceManagerBuilder().connectionString(broken))
        .satisfies(exceptionsSeen::add).hasMessageNotContaining(accessKey);
    assertThatThrownBy(() -> AzureSignalROptions.resolve("signalr", b -> { },
        Map.of("ConnectionStrings__signalr", broken)::get, k -> null))
        .satisfies(exceptionsSeen::add).hasMessageNotContaining(accessKey);
    assertThat(AzureSignalROptions.builder().connectionString(connectionString).build().toString())
        .doesNotContain(accessKey);
  }

  private JsonNode post(String url, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
