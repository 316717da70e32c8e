package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.hubbub.service.upstream.UpstreamSettings;
import dev.hubbub.service.upstream.UpstreamTemplate;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans and metrics of the service, read back with the OpenTelemetry SDK's in-memory exporters. */
class TelemetryTest extends ServiceTestSupport {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private OpenTelemetrySdk sdk;
  private HttpServer upstream;

  @BeforeEach
  void sdk() throws Exception {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build();
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    upstream.start();
  }

  @AfterEach
  void stopSdk() {
    upstream.stop(0);
    sdk.close();
  }

  private Optional<SpanData> span(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
  }

  private long sum(String metric, Attributes attributes) {
    for (MetricData data : metrics.collectAllMetrics()) {
      if (data.getName().equals(metric)) {
        assertThat(data.getInstrumentationScopeInfo().getName()).isEqualTo("dev.hubbub.service");
        List<LongPointData> points = List.copyOf(data.getLongSumData().getPoints());
        return points.stream().filter(p -> p.getAttributes().asMap().entrySet()
                .containsAll(attributes.asMap().entrySet()))
            .mapToLong(LongPointData::getValue).sum();
      }
    }
    return 0;
  }

  /** The gauge's one point, or null when the service does not report it. */
  private Long gauge(String metric) {
    for (MetricData data : metrics.collectAllMetrics()) {
      if (data.getName().equals(metric)) {
        assertThat(data.getInstrumentationScopeInfo().getName()).isEqualTo("dev.hubbub.service");
        assertThat(data.getUnit()).isEqualTo("{connection}");
        return data.getLongGaugeData().getPoints().iterator().next().getValue();
      }
    }
    return null;
  }

  @Test
  void backloggedConnectionsAreAGaugeUntilTheServiceStops() throws Exception {
    start(ServiceOptions.builder().openTelemetry(sdk));
    RawSignalRClient client = json("chat", "alice");
    assertStillReceives(client);
    // a client that reads what it is sent is not backlogged (the count is exact once its queue is empty)
    await().atMost(Duration.ofSeconds(10)).until(() -> service.backloggedConnections() == 0);
    assertThat(gauge("signalr.service.connections.backlogged")).isEqualTo(0L);
    service.close();
    assertThat(gauge("signalr.service.connections.backlogged")).as("reported after close").isNull();
  }

  @Test
  void negotiateRestAndUpstreamCallsAreSpansAndTrafficIsCounted() throws Exception {
    String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/{hub}/{category}/{event}";
    start(ServiceOptions.builder().openTelemetry(sdk)
        .upstreamSettings(new UpstreamSettings(List.of(new UpstreamTemplate(url, "connected", "*", "*")))));
    RawSignalRClient client = json("chat", "alice");
    assertStillReceives(client);
    client.sendText("{\"type\":6}" + RS);

    SpanData negotiate = span("SignalR negotiate").orElseThrow();
    assertThat(negotiate.getAttributes().get(AttributeKey.stringKey("signalr.hub"))).isEqualTo("chat");
    assertThat(negotiate.getAttributes().get(AttributeKey.stringKey("signalr.user.id"))).isEqualTo("alice");

    SpanData send = span("SignalR REST POST /api/hubs/{hub}/:send").orElseThrow();
    assertThat(send.getInstrumentationScopeInfo().getName()).isEqualTo("dev.hubbub.service");
    assertThat(send.getAttributes().get(AttributeKey.stringKey("signalr.hub"))).isEqualTo("chat");
    assertThat(send.getAttributes().get(AttributeKey.stringKey("signalr.rest.operation"))).isEqualTo("BROADCAST");
    assertThat(send.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(202L);

    await().atMost(Duration.ofSeconds(5)).until(() -> span("SignalR upstream connections connected").isPresent());
    SpanData connected = span("SignalR upstream connections connected").orElseThrow();
    assertThat(connected.getAttributes().get(AttributeKey.stringKey("url.full")))
        .endsWith("/chat/connections/connected");
    assertThat(connected.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);

    Attributes chat = Attributes.of(AttributeKey.stringKey("signalr.hub"), "chat");
    assertThat(sum("signalr.service.connections", Attributes.of(AttributeKey.stringKey("signalr.hub"), "chat",
        AttributeKey.stringKey("signalr.transport"), "WebSockets"))).isEqualTo(1);
    assertThat(sum("signalr.service.messages.out", chat)).isGreaterThanOrEqualTo(1);
    assertThat(sum("signalr.service.bytes.out", chat))
        .isGreaterThanOrEqualTo(("{\"type\":1,\"target\":\"alive\",\"arguments\":[1]}" + RS).length());
    await().atMost(Duration.ofSeconds(5)).until(() -> sum("signalr.service.messages.in", chat) >= 1);
    assertThat(sum("signalr.service.bytes.in", chat)).isGreaterThanOrEqualTo(("{\"type\":6}" + RS).length());
    assertThat(sum("signalr.service.rest.requests", Attributes.of(AttributeKey.stringKey("http.route"),
        "/api/hubs/{hub}/:send", AttributeKey.longKey("http.response.status_code"), 202L))).isEqualTo(1);

    client.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> sum("signalr.service.connections", chat) == 0);
  }

  @Test
  void restErrorsAndUnknownRoutesAreCountedWithoutTheirNames() throws Exception {
    start(ServiceOptions.builder().openTelemetry(sdk));
    rest.call("HEAD", "/api/hubs/chat/users/nobody");
    rest.call("GET", "/wp-admin/setup.php");
    assertThat(span("SignalR REST HEAD /api/hubs/{hub}/users/{user}").orElseThrow().getAttributes()
        .get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(404L);
    assertThat(span("SignalR REST GET unknown")).isPresent();
    assertThat(sum("signalr.service.rest.requests", Attributes.of(AttributeKey.stringKey("http.route"),
        "/api/hubs/{hub}/users/{user}", AttributeKey.longKey("http.response.status_code"), 404L))).isEqualTo(1);
  }
}
