package dev.hubbub.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat API against a real Hubbub service, both in this JVM on free ports. */
class ChatApiTest {

    // HTTP/1.1 as the browser uses it; no h2c upgrade attempt against the JDK server.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HubbubService service;
    private ChatApi api;

    @BeforeEach
    void start() throws Exception {
        service = HubbubService.start(ServiceOptions.builder().port(0).build());
        api = ChatApi.start(new ServiceManagerBuilder().connectionString(service.connectionString()).build(), 0);
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
        if (service != null) {
            service.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void negotiateRedirectsTheClientToTheServiceWithAToken() throws Exception {
        HttpResponse<String> r = call("POST", "/chat/negotiate?user=alice&negotiateVersion=1", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).startsWith("{\"url\":\"" + service.endpoint() + "/client/?hub=chat\",\"accessToken\":\"ey");
        assertThat(call("POST", "/negotiate?user=bob", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/chat/negotiate", null).statusCode()).isEqualTo(405);
    }

    @Test
    void sendBroadcastsAndRejectsBadMessages() throws Exception {
        assertThat(call("POST", "/send", "{\"user\":\"alice\",\"text\":\"hi\"}").statusCode()).isEqualTo(202);
        HttpResponse<String> bad = call("POST", "/send", "{\"user\":\"alice\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("Field 'text' must be a string of 1 to 2000 characters.");
        assertThat(call("POST", "/send", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void servesThePageHealthAndNotFound() throws Exception {
        HttpResponse<String> page = call("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"signalr.min.js\"></script>");
        assertThat(call("GET", "/health", null).body()).isEqualTo("Healthy");
        assertThat(call("GET", "/nope", null).statusCode()).isEqualTo(404);
    }
}
