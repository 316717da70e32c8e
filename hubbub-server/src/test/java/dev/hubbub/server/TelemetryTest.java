package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One span per hub invocation, with the hub, method and connection, and the error status on failure. */
class TelemetryTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @Test
  void eachInvocationIsASpanAndFailuresAreErrors() throws Exception {
    try (HubServer server = HubServer.builder().hub("/test", TestHub.class)
        .openTelemetry(otel.getOpenTelemetry()).start();
        WsClient c = WsClient.connect(server, "/test")) {
      c.invoke("1", "echo", "[\"x\"]");
      c.next();
      c.invoke("2", "throwsPlain", "[]");
      c.next();
      await().until(() -> otel.getSpans().size() >= 2);
      List<SpanData> spans = otel.getSpans();
      SpanData ok = spans.stream().filter(s -> s.getName().equals("/test/echo")).findFirst().orElseThrow();
      assertThat(ok.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(ok.getInstrumentationScopeInfo().getName()).isEqualTo("dev.hubbub.server");
      assertThat(ok.getAttributes().get(AttributeKey.stringKey("rpc.system"))).isEqualTo("signalr");
      assertThat(ok.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("/test");
      assertThat(ok.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("echo");
      assertThat(ok.getAttributes().get(AttributeKey.stringKey("signalr.connection_id"))).isEqualTo(c.connectionId);
      assertThat(ok.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      SpanData failed = spans.stream().filter(s -> s.getName().equals("/test/throwsPlain")).findFirst().orElseThrow();
      assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.lang.IllegalStateException");
      assertThat(otel.getMetrics()).extracting(m -> m.getName())
          .contains("hubbub.server.connections", "hubbub.server.invocations", "hubbub.server.invocation.errors",
              "hubbub.server.connections.backlogged");
      // The one client reads everything it is sent: nobody is over the 64 KiB mark.
      assertThat(otel.getMetrics().stream().filter(m -> m.getName().equals("hubbub.server.connections.backlogged"))
          .flatMap(m -> m.getLongGaugeData().getPoints().stream()).map(p -> p.getValue())).containsExactly(0L);
    }
  }
}
