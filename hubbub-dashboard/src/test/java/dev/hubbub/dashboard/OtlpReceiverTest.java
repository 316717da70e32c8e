package dev.hubbub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP protobuf in, with good, bad, truncated and oversized payloads; a bad one never stops the next. */
class OtlpReceiverTest {

    private static final byte[] TRACE = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
    private static final byte[] ROOT = HexFormat.of().parseHex("b7ad6b7169203331");
    private static final byte[] CHILD = HexFormat.of().parseHex("00f067aa0ba902b7");
    private static final int MAX = 64 * 1024;

    private Dashboard dashboard;
    private DashboardClient client;
    private Map<String, String> otlpHeaders;

    @BeforeEach
    void start() throws Exception {
        dashboard = Dashboard.start(DashboardOptions.DEFAULTS.withMaxOtlpBodyBytes(MAX), new TestBackend());
        client = new DashboardClient(dashboard.port());
        client.login(dashboard.loginUrl());
        String header = dashboard.otlpEnvironment("api").get("OTEL_EXPORTER_OTLP_HEADERS");
        otlpHeaders = Map.of("content-type", "application/x-protobuf",
                "x-otlp-api-key", header.substring(header.indexOf('=') + 1));
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    static Resource service(String name) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(name))).build();
    }

    static byte[] traces() {
        Span root = Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE)).setSpanId(ByteString.copyFrom(ROOT))
                .setName("POST /send").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_000_000_000L).setEndTimeUnixNano(1_050_000_000L)
                .addAttributes(KeyValue.newBuilder().setKey("chat.user").setValue(AnyValue.newBuilder().setStringValue("alice")))
                .build();
        Span child = root.toBuilder().setSpanId(ByteString.copyFrom(CHILD)).setParentSpanId(ByteString.copyFrom(ROOT))
                .setName("signalr send").setKind(Span.SpanKind.SPAN_KIND_CLIENT).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(service("api"))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(root).addSpans(child))).build().toByteArray();
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return client.post(path, body, otlpHeaders);
    }

    @Test
    void tracesAreStoredAsASpanTree() throws Exception {
        assertThat(post("/v1/traces", traces()).statusCode()).isEqualTo(200);
        String list = client.get("/api/telemetry/traces").body();
        assertThat(list).contains("0af7651916cd43dd8448eb211c80319c").contains("\"rootName\":\"POST /send\"")
                .contains("\"spans\":2");
        String trace = client.get("/api/telemetry/traces/0af7651916cd43dd8448eb211c80319c").body();
        assertThat(trace).contains("\"parentSpanId\":\"b7ad6b7169203331\"").contains("\"service\":\"api\"")
                .contains("\"chat.user\":\"alice\"");
    }

    @Test
    void logsAndMetricsAreStored() throws Exception {
        byte[] logs = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(service("api")).addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(2_000_000_000L).setSeverityNumberValue(9)
                        .setBody(AnyValue.newBuilder().setStringValue("Broadcast newMessage from 'alice'"))
                        .setTraceId(ByteString.copyFrom(TRACE)).setSpanId(ByteString.copyFrom(ROOT))))).build().toByteArray();
        assertThat(post("/v1/logs", logs).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/telemetry/logs").body()).contains("Broadcast newMessage from 'alice'")
                .contains("\"severity\":\"INFO\"").contains("0af7651916cd43dd8448eb211c80319c");
        byte[] metrics = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(service("api")).addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
                        .setName("chat.messages").setUnit("{message}").setSum(Sum.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(3_000_000_000L).setAsInt(3))
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(3_000_000_000L).setAsDouble(1.5))))))
                .build().toByteArray();
        assertThat(post("/v1/metrics", metrics).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/telemetry/metrics").body()).contains("\"name\":\"chat.messages\"")
                .contains("\"value\":4.5");
    }

    @Test
    void garbageIs400AndTheReceiverKeepsWorking() throws Exception {
        // 0xFF is no valid protobuf tag (field 31, wire type 7)
        HttpResponse<String> bad = post("/v1/traces", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not a valid OTLP protobuf message");
        assertThat(post("/v1/traces", traces()).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/telemetry/traces").body()).contains("\"spans\":2");
    }

    @Test
    void truncatedPayloadsAre400AndStoreNothing() throws Exception {
        byte[] good = traces();
        for (int cut : new int[] {1, 5, good.length / 2, good.length - 1}) {
            HttpResponse<String> r = post("/v1/traces", Arrays.copyOf(good, cut));
            assertThat(r.statusCode()).as("cut at " + cut).isEqualTo(400);
        }
        assertThat(client.get("/api/telemetry/traces").body()).isEqualTo("[]");
        assertThat(post("/v1/traces", good).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidIdsAre400AndNothingOfTheRequestIsStored() throws Exception {
        ExportTraceServiceRequest good = ExportTraceServiceRequest.parseFrom(traces());
        ExportTraceServiceRequest badId = good.toBuilder().setResourceSpans(0, good.getResourceSpans(0).toBuilder()
                .setScopeSpans(0, good.getResourceSpans(0).getScopeSpans(0).toBuilder()
                        .setSpans(1, good.getResourceSpans(0).getScopeSpans(0).getSpans(1).toBuilder()
                                .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3}))))).build();
        HttpResponse<String> r = post("/v1/traces", badId.toByteArray());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("traceId").contains("3 bytes");
        assertThat(client.get("/api/telemetry/traces").body()).isEqualTo("[]");
    }

    @Test
    void oversizedPayloadsAre400AndTheReceiverKeepsWorking() throws Exception {
        HttpResponse<String> r = post("/v1/traces", new byte[MAX + 1]);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("limit");
        assertThat(post("/v1/traces", traces()).statusCode()).isEqualTo(200);
    }

    @Test
    void otlpNeedsTheApiKey() throws Exception {
        HttpResponse<String> none = client.post("/v1/traces", traces(), Map.of("content-type", "application/x-protobuf"));
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = client.post("/v1/traces", traces(),
                Map.of("content-type", "application/x-protobuf", "x-otlp-api-key", "wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(client.get("/api/telemetry/traces").body()).isEqualTo("[]");
    }

    @Test
    void jsonAndUnknownSignalsAreRefusedWithWhy() throws Exception {
        HttpResponse<String> json = client.post("/v1/traces", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "x-otlp-api-key", otlpHeaders.get("x-otlp-api-key")));
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(json.body()).contains("http/protobuf");
        assertThat(post("/v1/profiles", traces()).statusCode()).isEqualTo(404);
    }
}
