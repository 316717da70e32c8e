package dev.hubbub.samples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A SignalR JSON client on the JDK's WebSocket that goes where the official clients go in Default mode:
 * negotiate with the hub server, follow its redirect ({@code url} + {@code accessToken}) to the service,
 * negotiate there with the token, open the WebSocket, shake hands; then hub messages as text frames ending
 * in 0x1E. Received messages (pings skipped) queue up for the test thread.
 */
final class RedirectedChatClient implements AutoCloseable {
    private static final char RS = '\u001e';
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The hub server's redirect: where it sent the client, with which token's claims. */
    final String redirectUrl;
    final JsonNode tokenClaims;
    private final WebSocket socket;
    private final BlockingDeque<JsonNode> messages = new LinkedBlockingDeque<>();

    private RedirectedChatClient(String redirectUrl, JsonNode tokenClaims, WebSocket socket, Listener listener) {
        this.redirectUrl = redirectUrl;
        this.tokenClaims = tokenClaims;
        this.socket = socket;
        listener.attach(this);
    }

    /** Connects to the hub at {@code http://127.0.0.1:{hubServerPort}/chat} and completes the handshake. */
    static RedirectedChatClient connect(int hubServerPort) throws Exception {
        JsonNode redirect = post("http://127.0.0.1:" + hubServerPort + "/chat/negotiate?negotiateVersion=1", null);
        String url = redirect.get("url").asText();
        String token = redirect.get("accessToken").asText();
        String[] parts = token.split("\\.");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));

        // As @microsoft/signalr does: "/negotiate" goes after the path, before the query.
        URI target = URI.create(url);
        String path = target.getRawPath().endsWith("/") ? target.getRawPath() + "negotiate" : target.getRawPath() + "/negotiate";
        String base = target.getScheme() + "://" + target.getRawAuthority();
        JsonNode negotiated = post(base + path + "?" + target.getRawQuery() + "&negotiateVersion=1", token);
        String connectionToken = negotiated.get("connectionToken").asText();

        Listener listener = new Listener();
        String ws = url.replaceFirst("^http", "ws") + "&id=" + connectionToken
                + "&access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(ws), listener).get(10, TimeUnit.SECONDS);
        RedirectedChatClient client = new RedirectedChatClient(url, claims, socket, listener);
        client.socket.sendText("{\"protocol\":\"json\",\"version\":1}" + RS, true).join();
        assertThat(client.next().toString()).as("handshake response").isEqualTo("{}");
        return client;
    }

    private static JsonNode post(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Invokes hub method {@code target} with id {@code id}; {@code args} is the JSON array text. */
    void invoke(String id, String target, String args) {
        socket.sendText("{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target + "\",\"arguments\":"
                + args + "}" + RS, true).join();
    }

    /** The next message other than a ping, within 10 s. */
    JsonNode next() throws InterruptedException {
        while (true) {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            if (m.path("type").asInt() != 6) {
                return m;
            }
        }
    }

    /**
     * The next message with {@code type} (1 invocation, 3 completion); others stay queued, in order, since a
     * completion (on the client's own service connection) may overtake a broadcast (on another one).
     */
    JsonNode next(int type) throws InterruptedException {
        List<JsonNode> skipped = new ArrayList<>();
        try {
            while (true) {
                JsonNode m = next();
                if (m.path("type").asInt() == type) {
                    return m;
                }
                skipped.add(m);
            }
        } finally {
            for (int i = skipped.size() - 1; i >= 0; i--) {
                messages.addFirst(skipped.get(i));
            }
        }
    }

    private void accept(String frame) {
        for (String part : frame.split(String.valueOf(RS))) {
            if (!part.isEmpty()) {
                try {
                    messages.add(JSON.readTree(part));
                } catch (Exception e) {
                    throw new IllegalStateException("Not JSON from the service: " + part, e);
                }
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Collects text frames; frames arriving before the client object exists are kept for it. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final List<String> early = new ArrayList<>();
        private RedirectedChatClient owner;

        synchronized void attach(RedirectedChatClient client) {
            owner = client;
            early.forEach(client::accept);
            early.clear();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                synchronized (this) {
                    if (owner == null) {
                        early.add(frame);
                    } else {
                        owner.accept(frame);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
