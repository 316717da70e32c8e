package dev.hubbub.apphost.azurefake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable Azure Resource Manager on loopback (real HTTP, port 0): resource groups, deployments whose
 * {@code Azure-AsyncOperation} answers {@code Running} a set number of times before the scripted end, throttling and
 * token rejection. Every request is recorded; {@link #takeRequest} returns them in order.
 */
public final class FakeArm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded request. @param method method @param path path and query @param authorization header @param body body @param at arrival */
    public record Request(String method, String path, String authorization, JsonNode body, Instant at) {
    }

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Request> all = new CopyOnWriteArrayList<>();
    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonNode> deployments = new ConcurrentHashMap<>();
    private final Map<String, String> deploymentStates = new ConcurrentHashMap<>();
    private final AtomicInteger operations = new AtomicInteger();
    private final Map<String, AtomicInteger> pollsLeft = new ConcurrentHashMap<>();
    private final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttle = new AtomicInteger();
    private volatile int throttleRetryAfter;
    private volatile int runningPolls = 2;
    private volatile String deploymentEnd = "Succeeded";
    private volatile String hostName = "signalr-fake.service.signalr.net";
    private volatile boolean forbidden;

    /** @throws IOException if loopback cannot be bound */
    public FakeArm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** @return the base URL, e.g. {@code http://127.0.0.1:41234/} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** @param name a resource group that exists */
    public void addResourceGroup(String name) {
        groups.add(name.toLowerCase());
    }

    /** @return the resource groups */
    public Set<String> resourceGroups() {
        return groups;
    }

    /** @param polls how many times the operation answers {@code Running} @param end {@code Succeeded} or {@code Failed} */
    public void deploymentsEnd(int polls, String end) {
        this.runningPolls = polls;
        this.deploymentEnd = end;
    }

    /** @param host the {@code hostName} output */
    public void hostName(String host) {
        this.hostName = host;
    }

    /** @param count the next {@code count} requests get 429 @param retryAfterSeconds their {@code Retry-After} */
    public void throttleNext(int count, int retryAfterSeconds) {
        this.throttleRetryAfter = retryAfterSeconds;
        this.throttle.set(count);
    }

    /** @param token requests bearing it get 401 {@code ExpiredAuthenticationToken} */
    public void rejectToken(String token) {
        rejectedTokens.add(token);
    }

    /** @param value whether deployments get 403 {@code AuthorizationFailed} */
    public void forbidDeployments(boolean value) {
        this.forbidden = value;
    }

    /** @param timeout how long to wait @return the next request @throws InterruptedException if interrupted */
    public Request takeRequest(Duration timeout) throws InterruptedException {
        Request r = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("No request to the fake ARM within " + timeout + "; so far: " + all);
        }
        return r;
    }

    /** @return every request so far */
    public List<Request> requests() {
        return new ArrayList<>(all);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? JSON.nullNode() : JSON.readTree(in);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            Request r = new Request(ex.getRequestMethod(), path + (query == null ? "" : "?" + query), auth == null ? "" : auth,
                    body, Instant.now());
            all.add(r);
            requests.add(r);
            if (auth == null || !auth.startsWith("Bearer ")) {
                send(ex, 401, error("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."));
                return;
            }
            if (rejectedTokens.contains(auth.substring(7))) {
                send(ex, 401, error("ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time."));
                return;
            }
            if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.getResponseHeaders().add("Retry-After", Integer.toString(throttleRetryAfter));
                send(ex, 429, error("TooManyRequests", "Number of write requests for subscription exceeded the limit."));
                return;
            }
            route(ex, r, path);
        } catch (RuntimeException e) {
            send(ex, 500, error("InternalServerError", e.toString()));
        }
    }

    private void route(HttpExchange ex, Request r, String path) throws IOException {
        String[] seg = path.split("/");
        // /subscriptions/{s}/resourcegroups/{g}[/providers/Microsoft.Resources/deployments/{d}] or /operations/{id}
        if (seg.length == 3 && seg[1].equals("operations")) {
            String id = seg[2];
            AtomicInteger left = pollsLeft.get(id);
            if (left.getAndDecrement() > 0) {
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, 200, "{\"status\":\"Running\"}");
            } else {
                deploymentStates.put(id, deploymentEnd);
                send(ex, 200, "{\"status\":\"" + deploymentEnd + "\"}");
            }
            return;
        }
        if (seg.length < 5 || !seg[1].equals("subscriptions") || !seg[3].equalsIgnoreCase("resourcegroups")) {
            send(ex, 404, error("InvalidRequestUri", "No route for " + path));
            return;
        }
        String group = seg[4].toLowerCase();
        if (seg.length == 5) {
            if (r.method().equals("GET")) {
                send(ex, groups.contains(group) ? 200 : 404, groups.contains(group) ? "{\"name\":\"" + seg[4] + "\"}"
                        : error("ResourceGroupNotFound", "Resource group '" + seg[4] + "' could not be found."));
            } else {
                groups.add(group);
                send(ex, 201, "{\"name\":\"" + seg[4] + "\",\"location\":\"" + r.body().path("location").asText() + "\"}");
            }
            return;
        }
        String deployment = group + "/" + seg[seg.length - 1];
        if (!groups.contains(group)) {
            send(ex, 404, error("ResourceGroupNotFound", "Resource group '" + seg[4] + "' could not be found."));
            return;
        }
        if (r.method().equals("PUT")) {
            if (forbidden) {
                send(ex, 403, error("AuthorizationFailed", "The client with object id '" + FakeCredential.OID
                        + "' does not have authorization to perform action 'Microsoft.Resources/deployments/write'."));
                return;
            }
            String op = Integer.toString(operations.incrementAndGet());
            pollsLeft.put(op, new AtomicInteger(runningPolls));
            deployments.put(deployment, r.body());
            deploymentStates.put(deployment, op);
            ex.getResponseHeaders().add("Azure-AsyncOperation", baseUri() + "operations/" + op);
            ex.getResponseHeaders().add("Retry-After", "0");
            send(ex, 201, "{\"properties\":{\"provisioningState\":\"Accepted\"}}");
            return;
        }
        String op = deploymentStates.get(deployment);
        if (op == null) {
            send(ex, 404, error("DeploymentNotFound", "Deployment '" + seg[seg.length - 1] + "' could not be found."));
            return;
        }
        String state = deploymentStates.getOrDefault(op, "Running");
        String id = "/subscriptions/" + seg[2] + "/resourceGroups/" + seg[4] + "/providers/Microsoft.Resources/deployments/" + seg[seg.length - 1];
        if (state.equals("Succeeded")) {
            send(ex, 200, "{\"id\":\"" + id + "\",\"properties\":{\"provisioningState\":\"Succeeded\",\"outputs\":{\"hostName\":"
                    + "{\"type\":\"String\",\"value\":\"" + hostName + "\"}}}}");
        } else if (state.equals("Failed")) {
            send(ex, 200, "{\"id\":\"" + id + "\",\"properties\":{\"provisioningState\":\"Failed\",\"error\":{\"code\":"
                    + "\"DeploymentFailed\",\"message\":\"At least one resource deployment operation failed.\",\"details\":"
                    + "[{\"code\":\"NameUnavailable\",\"message\":\"The name 'signalr-abc' is already in use.\"}]}}}");
        } else {
            send(ex, 200, "{\"id\":\"" + id + "\",\"properties\":{\"provisioningState\":\"Running\"}}");
        }
    }

    /** @param deployment {@code <group>/<name>} @return the body of its last PUT, or null */
    public JsonNode deploymentBody(String deployment) {
        return deployments.get(deployment.toLowerCase());
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}}";
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
