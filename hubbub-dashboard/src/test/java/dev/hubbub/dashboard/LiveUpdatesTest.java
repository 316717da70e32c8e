package dev.hubbub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's event stream: resources at once, then console lines, live trace events and resource changes. */
class LiveUpdatesTest {

    private Dashboard dashboard;
    private DashboardClient client;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private CompletableFuture<HttpResponse<Stream<String>>> stream;

    @BeforeEach
    void start() throws Exception {
        dashboard = Dashboard.start(DashboardOptions.DEFAULTS, new TestBackend());
        client = new DashboardClient(dashboard.port());
        client.login(dashboard.loginUrl());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + dashboard.port() + "/api/events"))
                .header("Cookie", client.cookie).build();
        stream = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(r -> {
            received.add("status " + r.statusCode() + " " + r.headers().firstValue("content-type").orElse(""));
            r.body().forEach(received::add);
        });
    }

    @AfterEach
    void stop() {
        stream.cancel(true);
        dashboard.close();
    }

    private void awaitLine(String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(l -> l.contains(text)));
    }

    @Test
    void resourcesFirstThenLinesTraceEventsAndChanges() {
        awaitLine("status 200 text/event-stream");
        awaitLine("event: resources");
        awaitLine("\"name\":\"api\"");
        assertThat(String.join("\n", received)).doesNotContain(TestBackend.PASSWORD);

        dashboard.log("api", "stdout", "hello from the api");
        awaitLine("event: log");
        awaitLine("hello from the api");

        dashboard.liveTrace(new LiveTraceEntry(Instant.now(), "signalr", "ConnectionOpened", "chat",
                Map.of("transport", "WebSockets", "user", "alice")));
        awaitLine("event: trace");
        awaitLine("\"kind\":\"ConnectionOpened\"");

        int resourcesEvents = (int) received.stream().filter(l -> l.equals("event: resources")).count();
        dashboard.resourcesChanged();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> received.stream().filter(l -> l.equals("event: resources")).count() > resourcesEvents);
    }
}
