package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.hubbub.service.LiveTraceEvent.Kind;
import dev.hubbub.service.upstream.UpstreamSettings;
import dev.hubbub.service.upstream.UpstreamTemplate;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live trace hook ({@link ServiceOptions.Builder#liveTrace}) and the REST span continuing a caller's trace. */
class LiveTraceTest extends ServiceTestSupport {
  private final List<LiveTraceEvent> events = new CopyOnWriteArrayList<>();
  private HttpServer upstream;

  @BeforeEach
  void upstream() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    upstream.start();
  }

  @AfterEach
  void stopUpstream() {
    upstream.stop(0);
  }

  private LiveTraceEvent first(Kind kind) {
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.kind() == kind));
    return events.stream().filter(e -> e.kind() == kind).findFirst().orElseThrow();
  }

  @Test
  void connectionsMessagesRestAndUpstreamCallsAreTraced() throws Exception {
    String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/{hub}/{category}/{event}";
    start(ServiceOptions.builder().liveTrace(events::add)
        .upstreamSettings(new UpstreamSettings(List.of(new UpstreamTemplate(url, "connected", "*", "*")))));
    RawSignalRClient client = json("chat", "alice");
    assertStillReceives(client);
    client.sendText("{\"type\":6}" + RS);

    LiveTraceEvent opened = first(Kind.CONNECTION_OPENED);
    assertThat(opened.hub()).isEqualTo("chat");
    assertThat(opened.details()).containsEntry("transport", "WebSockets").containsEntry("protocol", "json")
        .containsEntry("user", "alice").containsKey("connectionId");

    LiveTraceEvent rest = first(Kind.REST);
    assertThat(rest.hub()).isEqualTo("chat");
    assertThat(rest.details()).containsEntry("method", "POST").containsEntry("status", "202")
        .containsEntry("route", "/api/hubs/{hub}/:send").containsKey("durationMs");
    assertThat(rest.details().get("body")).contains("\"target\":\"alive\"");

    LiveTraceEvent out = first(Kind.MESSAGE_OUT);
    assertThat(out.hub()).isEqualTo("chat");
    assertThat(out.details()).containsEntry("connectionId", opened.details().get("connectionId"));
    assertThat(first(Kind.MESSAGE_IN).details()).containsEntry("user", "alice");

    LiveTraceEvent up = first(Kind.UPSTREAM);
    assertThat(up.details()).containsEntry("event", "connected").containsEntry("status", "200").containsKey("durationMs");
    assertThat(up.details().get("url")).endsWith("/chat/connections/connected");

    client.close();
    assertThat(first(Kind.CONNECTION_CLOSED).details()).containsEntry("connectionId", opened.details().get("connectionId"));
  }

  @Test
  void appServerConnectionsAreTracedInDefaultMode() throws Exception {
    start(ServiceOptions.builder().mode(ServiceMode.DEFAULT).liveTrace(events::add));
    FakeAppServer server = FakeAppServer.connect(service, "chat", "server-1");
    LiveTraceEvent connected = first(Kind.SERVER_CONNECTED);
    assertThat(connected.hub()).isEqualTo("chat");
    assertThat(connected.details()).containsEntry("serverId", "server-1").containsKey("connectionId");
    server.close();
    assertThat(first(Kind.SERVER_DISCONNECTED).details()).containsEntry("serverId", "server-1");
  }

  @Test
  void healthProbesAreLeftOutAndAFailingListenerBreaksNothing() throws Exception {
    start(ServiceOptions.builder().liveTrace(e -> {
      events.add(e);
      throw new IllegalStateException("listener bug");
    }));
    assertThat(rest.call("GET", "/api/health").statusCode()).isEqualTo(200);
    RawSignalRClient client = json("chat", null);
    assertStillReceives(client);
    assertThat(events).noneMatch(e -> e.kind() == Kind.REST && e.details().getOrDefault("path", "").endsWith("/health"));
    assertThat(events).anyMatch(e -> e.kind() == Kind.REST);
  }

  @Test
  void restSpanContinuesTheCallersTrace() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build()) {
      start(ServiceOptions.builder().openTelemetry(sdk));
      String traceId = "0af7651916cd43dd8448eb211c80319c";
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(service.endpoint().toString().replaceAll("/$", "") + "/api/hubs/chat/:send"))
          .header("Authorization", "Bearer " + rest.token("/api/hubs/chat/:send"))
          .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"t\",\"arguments\":[]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(202);
      SpanData send = spans.getFinishedSpanItems().stream()
          .filter(s -> s.getName().equals("SignalR REST POST /api/hubs/{hub}/:send")).findFirst().orElseThrow();
      assertThat(send.getTraceId()).isEqualTo(traceId);
      assertThat(send.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    }
  }
}
