package dev.hubbub.samples.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's client-integration snippets for real: the Hubbub service in Default mode on a free loopback
 * port, each hub-server main in its own JVM with {@code ConnectionStrings__signalr}, and two clients that
 * negotiate with the hub server, follow its redirect to the service and chat. Then the Default-mode app host,
 * which starts the service and the hub server itself.
 */
class SeedHubServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");

    private HubbubService service;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void startService() throws Exception {
        service = HubbubService.start(ServiceOptions.builder().port(0).mode(ServiceMode.DEFAULT).build());
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (service != null) {
            service.close();
        }
    }

    /** A started hub-server main: its port and every line it printed so far. */
    private record HubServerRun(int port, BlockingQueue<String> lines) { }

    /** Runs {@code main} as {@code java -cp <this classpath> main} in {@code dir}, the way the app host runs a project. */
    private HubServerRun run(Class<?> main, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("ConnectionStrings__signalr", service.connectionString());
        pb.environment().put("PORT", "0");
        pb.environment().keySet().removeIf(k -> k.startsWith("Azure__SignalR__"));
        Process process = pb.start();
        processes.add(process);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("[" + main.getSimpleName() + "] " + line);
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "output-" + main.getSimpleName());
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                assertThat(process.isAlive()).as("%s still running; output: %s", main.getSimpleName(), seen).isTrue();
                continue;
            }
            seen.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                seen.forEach(lines::add);
                return new HubServerRun(Integer.parseInt(m.group(1)), lines);
            }
        }
        throw new AssertionError(main.getSimpleName() + " did not say where it listens within 30 s; output: " + seen);
    }

    private static HttpResponse<String> health(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for 200 on {@code /health}; returns its body (all service connections of /chat are up by then). */
    private static JsonNode awaitHealthy(int port) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> health(port).statusCode() == 200);
        JsonNode body = JSON.readTree(health(port).body());
        assertThat(body.get("status").asText()).isEqualTo("Healthy");
        return body;
    }

    private RedirectedChatClient client(int port) throws Exception {
        RedirectedChatClient c = RedirectedChatClient.connect(port);
        clients.add(c);
        return c;
    }

    /** Two clients through the service: what one sends, both receive; returns the first client. */
    private RedirectedChatClient chat(int port) throws Exception {
        RedirectedChatClient ann = client(port);
        RedirectedChatClient bob = client(port);
        // The hub is named after its class on the service (ChatHub -> chathub), as Azure's server SDK names it.
        assertThat(ann.redirectUrl).startsWith(service.endpoint().toString().replaceAll("/$", "")
                + "/client/?hub=chathub&asrs.op=%2Fchat&asrs_request_id=");
        ann.invoke("1", "SendMessage", "[\"ann\",\"hello from the seed\"]");
        for (RedirectedChatClient c : List.of(ann, bob)) {
            JsonNode m = c.next(1);
            assertThat(m.get("target").asText()).isEqualTo("ReceiveMessage");
            assertThat(m.get("arguments").toString()).isEqualTo("[\"ann\",\"hello from the seed\"]");
        }
        JsonNode done = ann.next(3);
        assertThat(done.get("invocationId").asText()).isEqualTo("1");
        assertThat(done.has("error")).isFalse();
        return ann;
    }

    private static List<String> states(JsonNode health) {
        List<String> s = new ArrayList<>();
        health.get("hubs").get("/chat").get("serviceConnections").forEach(n -> s.add(n.asText()));
        return s;
    }

    @Test
    void addNamedAzureSignalRSnippetChatsThroughTheService(@TempDir Path emptyDir) throws Exception {
        HubServerRun server = run(ChatHubServer.class, emptyDir);
        await().atMost(Duration.ofSeconds(30)).until(() -> states(JSON.readTree(health(server.port()).body()))
                .stream().allMatch("Connected"::equals));
        assertThat(states(awaitHealthy(server.port()))).as("the default ConnectionCount").hasSize(5);
        RedirectedChatClient ann = chat(server.port());
        assertThat(ann.tokenClaims.has("asrs.s.ssticky")).as("sticky mode Disabled by default").isFalse();
    }

    @Test
    void jsonSnippetInAppSettingsConfiguresTheServer() throws Exception {
        Path dir = Path.of("hubserver").toAbsolutePath();
        assertThat(dir.resolve("appsettings.json")).isRegularFile();
        HubServerRun server = run(AppSettingsChatHubServer.class, dir);
        assertThat(server.lines()).anyMatch(
                l -> l.contains("Azure:SignalR:signalr: ServiceMode=DEFAULT, ServerStickyMode=REQUIRED, ConnectionCount=5"));
        assertThat(states(awaitHealthy(server.port()))).hasSize(5);
        RedirectedChatClient ann = chat(server.port());
        assertThat(ann.tokenClaims.get("asrs.s.ssticky").asText()).as("ServerStickyMode from the file").isEqualTo("Required");
    }

    @Test
    void optionsInCodeSnippetConfiguresTheServer(@TempDir Path emptyDir) throws Exception {
        HubServerRun server = run(CodeOptionsChatHubServer.class, emptyDir);
        assertThat(states(awaitHealthy(server.port()))).hasSize(5);
        RedirectedChatClient ann = chat(server.port());
        assertThat(ann.tokenClaims.get("asrs.s.ssticky").asText()).isEqualTo("Required");
    }

    @Test
    void hubServerIsUnhealthyWhileTheServiceIsDown(@TempDir Path emptyDir) throws Exception {
        HubServerRun server = run(CodeOptionsChatHubServer.class, emptyDir);
        awaitHealthy(server.port());
        service.close(); // HubbubService.close() is not idempotent: closed once, here
        service = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> health(server.port()).statusCode() == 503);
        assertThat(JSON.readTree(health(server.port()).body()).get("status").asText()).isEqualTo("Unhealthy");
    }

    @Test
    void defaultModeAppHostRunsTheEmulatorAndAHubServerBehindIt() throws Exception {
        try (OutputCapture output = new OutputCapture()) {
            Thread host = new Thread(() -> DefaultModeAppHost.main(new String[0]), "default-mode-app-host");
            host.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> output.text().contains("[chat] Healthy: GET"));
                assertThat(output.text()).contains("Hubbub service (emulator, DEFAULT mode) listening at");
                Matcher m = Pattern.compile("\\[chat] ChatHubServer listening on http://localhost:(\\d+)").matcher(output.text());
                assertThat(m.find()).as("the hub server's address in the app host's output").isTrue();
                int port = Integer.parseInt(m.group(1));
                assertThat(states(awaitHealthy(port))).hasSize(5);
                RedirectedChatClient ann = client(port);
                RedirectedChatClient bob = client(port);
                ann.invoke("1", "sendMessage", "[\"ann\",\"through the emulator\"]");
                assertThat(bob.next(1).get("arguments").toString()).isEqualTo("[\"ann\",\"through the emulator\"]");
                assertThat(ann.next(1).get("target").asText()).isEqualTo("ReceiveMessage");
            } finally {
                for (AutoCloseable c : clients) {
                    c.close();
                }
                clients.clear();
                host.interrupt();
                host.join(20_000);
            }
            assertThat(host.isAlive()).as("run() returns once interrupted").isFalse();
        }
    }
}
