package dev.hubbub.samples.chat;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.SignalRException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat sample's serverless API: a JDK HTTP server that serves the page and answers the SignalR client's
 * negotiate with the management SDK, and broadcasts what the page posts to {@code /send}.
 *
 * <ul>
 *   <li>{@code GET /}: the chat page; {@code GET /signalr.min.js}: the official browser client
 *   <li>{@code POST /chat/negotiate?user=<name>} (and {@code POST /negotiate?user=<name>}): {@code {url, accessToken}}
 *       for hub {@code chat}; the client follows it to the SignalR service
 *   <li>{@code POST /send} with {@code {"user": "..", "text": ".."}}: broadcasts {@code newMessage(user, text)}
 *   <li>{@code GET /health}: 200 once listening
 * </ul>
 *
 * <p>Configuration: {@code ConnectionStrings__signalr} (set by the app host's {@code withReference}) and
 * {@code PORT} (set by {@code withHttpEndpoint}; {@value #DEFAULT_PORT} without it).
 */
public final class ChatApi {

    /** The port without a {@code PORT} variable. */
    public static final int DEFAULT_PORT = 8080;
    /** The hub every page joins. */
    public static final String HUB = "chat";
    static final int MAX_USER = 64;
    static final int MAX_TEXT = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(ChatApi.class);
    private static final String TELEMETRY_SCOPE = "dev.hubbub.samples.chat";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/chat.js", "chat.js",
            "/chat.css", "chat.css",
            "/signalr.min.js", "signalr.min.js");

    private final ServiceHubContext hub;
    private final HttpServer server;
    private final ExecutorService executor;

    private ChatApi(ServiceHubContext hub, HttpServer server, ExecutorService executor) {
        this.hub = hub;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the API on loopback.
     *
     * @param manager the management SDK client of the SignalR service
     * @param port the port, or 0 for any
     * @return the running API
     * @throws IOException if the port cannot be bound
     */
    public static ChatApi start(ServiceManager manager, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        // Sends block until the service answered: keep them off the dispatcher thread.
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "chat-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ChatApi api = new ChatApi(manager.createHubContext(HUB), server, executor);
        server.createContext("/", api::handle);
        server.start();
        return api;
    }

    /** @return the port the API listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Reads {@code ConnectionStrings__signalr} and {@code PORT}, then serves until the process is stopped.
     *
     * @param args unused
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        if (System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != null) {
            // Started by the app host: traces, metrics and logs go to its dashboard (OTEL_* variables).
            AutoConfiguredOpenTelemetrySdk.builder().setResultAsGlobal().build();
        }
        ServiceManager manager;
        try {
            manager = new ServiceManagerBuilder().fromConfiguration("signalr").build();
        } catch (IllegalStateException e) {
            System.err.println("The chat API needs a SignalR service: " + e.getMessage()
                    + " Start the sample with its app host (java -jar samples/chat/target/hubbub-chat.jar), which sets it.");
            System.exit(2);
            return;
        }
        String portVariable = System.getenv("PORT");
        int port = portVariable == null || portVariable.isBlank() ? DEFAULT_PORT : Integer.parseInt(portVariable.trim());
        ChatApi api = start(manager, port);
        LOG.info("Chat API listening on http://localhost:{}/ (SignalR service {})", api.port(), manager.endpoint());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        LOG.debug("{} {}", method, exchange.getRequestURI());
        try {
            if (path.equals("/health")) {
                reply(exchange, 200, "text/plain; charset=utf-8", "Healthy");
            } else if (path.equals("/negotiate") || path.equals("/" + HUB + "/negotiate")) {
                requirePost(exchange);
                negotiate(exchange);
            } else if (path.equals("/send")) {
                requirePost(exchange);
                send(exchange);
            } else if (STATIC.containsKey(path) && (method.equals("GET") || method.equals("HEAD"))) {
                serveStatic(exchange, STATIC.get(path));
            } else {
                reply(exchange, 404, "text/plain; charset=utf-8", "Not found: " + method + " " + path);
            }
        } catch (BadRequest e) {
            reply(exchange, e.status, "text/plain; charset=utf-8", String.valueOf(e.getMessage()));
        } catch (SignalRException e) {
            LOG.warn("{} {} failed at the SignalR service: {}", method, path, e.getMessage());
            reply(exchange, 502, "text/plain; charset=utf-8", "The SignalR service refused: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            reply(exchange, 500, "text/plain; charset=utf-8", "Internal error: " + e);
        } finally {
            // after the error replies above: closing first would drop the connection without an answer
            exchange.close();
        }
    }

    private void negotiate(HttpExchange exchange) throws IOException {
        String user = query(exchange, "user");
        if (user != null && (user.isBlank() || user.length() > MAX_USER)) {
            throw new BadRequest(400, "Query parameter 'user' must be 1 to " + MAX_USER + " characters.");
        }
        String body = hub.negotiate(NegotiationOptions.builder().userId(user).build()).toJson();
        reply(exchange, 200, "application/json", body);
    }

    private void send(HttpExchange exchange) throws IOException {
        JsonNode message;
        try (InputStream in = exchange.getRequestBody()) {
            message = JSON.readTree(in.readNBytes(16 * 1024));
        } catch (IOException e) {
            throw new BadRequest(400, "The body must be JSON: {\"user\": \"..\", \"text\": \"..\"}.");
        }
        String user = text(message, "user", MAX_USER);
        String text = text(message, "text", MAX_TEXT);
        // The REST send below is a child of this span (the management SDK sends its traceparent), so the
        // dashboard shows one trace from the API into the SignalR service.
        Span span = GlobalOpenTelemetry.getTracer(TELEMETRY_SCOPE).spanBuilder("POST /send").setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", "POST").setAttribute("http.route", "/send")
                .setAttribute("chat.user", user).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            hub.clients().all().send("newMessage", user, text);
            LOG.info("Broadcast newMessage from '{}' ({} characters)", user, text.length());
            GlobalOpenTelemetry.get().getLogsBridge().get(TELEMETRY_SCOPE).logRecordBuilder()
                    .setSeverity(Severity.INFO).setSeverityText("INFO")
                    .setBody("Broadcast newMessage from '" + user + "'")
                    .setAttribute(AttributeKey.stringKey("chat.user"), user)
                    .setAttribute(AttributeKey.longKey("chat.text.length"), (long) text.length()).emit();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
        reply(exchange, 202, "application/json", "{}");
    }

    private static String text(JsonNode message, String field, int max) {
        JsonNode value = message == null ? null : message.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > max) {
            throw new BadRequest(400, "Field '" + field + "' must be a string of 1 to " + max + " characters.");
        }
        return value.asText();
    }

    private static void requirePost(HttpExchange exchange) {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().add("Allow", "POST");
            throw new BadRequest(405, "Use POST " + exchange.getRequestURI().getPath() + ".");
        }
    }

    private static @Nullable String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void serveStatic(HttpExchange exchange, String file) throws IOException {
        byte[] body;
        try (InputStream in = ChatApi.class.getResourceAsStream("/static/" + file)) {
            if (in == null) {
                throw new BadRequest(404, "Missing /static/" + file + " on the classpath: build the sample with "
                        + "./mvnw -DskipTests package (it runs npm ci for the SignalR client).");
            }
            body = in.readAllBytes();
        }
        String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        reply(exchange, 200, type, body);
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        reply(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
