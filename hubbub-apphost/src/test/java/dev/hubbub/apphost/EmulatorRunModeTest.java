package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.internal.run.Orchestrator;
import dev.hubbub.apphost.testapps.BroadcastThroughEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code runAsEmulator()} with the real Hubbub service (not the test fake): the service answers health,
 * a referencing process uses the injected connection string with the management SDK, and stopping the
 * application frees the port.
 */
class EmulatorRunModeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String LAUNCHER_SERVICE_FILE =
            "META-INF/services/dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher";

    private RunningApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void realEmulatorServesAReferencingProcessAndReleasesItsPort() throws Exception {
        var builder = TestBuilders.run();
        var ready = new AtomicReference<String>();
        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS).runAsEmulator()
                .onResourceReady(r -> ready.set(r.connectionStringExpression().value()));
        builder.addProject("api", BroadcastThroughEmulator.class).withReference(signalR).waitFor(signalR);
        app = Orchestrator.start(builder.build().resources(), System.out, withoutTestLauncher());

        app.awaitHealthy("signalr", TIMEOUT);
        String cs = app.connectionString("signalr");
        assertThat(cs).matches("Endpoint=http://localhost:\\d+;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1\\.0;");
        URI endpoint = URI.create(cs.substring("Endpoint=".length(), cs.indexOf(';')));
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/api/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready.get()).as("onResourceReady ran").isEqualTo(cs));

        await().atMost(TIMEOUT).until(() -> app.logs("api").contains("[api] broadcast sent to " + endpoint));
        assertThat(app.logs("api")).contains("[api] healthy=true");

        app.close();
        try (ServerSocket reuse = new ServerSocket(endpoint.getPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThat(reuse.getLocalPort()).as("the emulator's port is free after stop").isEqualTo(endpoint.getPort());
        }
    }

    @Test
    void replicasOnARedisBackplaneActAsOneServiceAndEachReferenceGetsTheNextNode() throws Exception {
        var builder = TestBuilders.run();
        var cache = builder.addRedis("cache");
        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS)
                .runAsEmulator(e -> e.withReplicas(2).withBackplane(cache));
        builder.addProject("one", dev.hubbub.apphost.testapps.PrintEnv.class).withArgs("ConnectionStrings__signalr")
                .withReference(signalR).waitFor(signalR);
        builder.addProject("two", dev.hubbub.apphost.testapps.PrintEnv.class).withArgs("ConnectionStrings__signalr")
                .withReference(signalR).waitFor(signalR);
        app = Orchestrator.start(builder.build().resources(), System.out, withoutTestLauncher());

        app.awaitHealthy("signalr", TIMEOUT);
        await().atMost(TIMEOUT).until(() -> app.logs("one").contains("[one] ready") && app.logs("two").contains("[two] ready"));
        String one = envLine(app.logs("one"), "[one] ConnectionStrings__signalr=");
        String two = envLine(app.logs("two"), "[two] ConnectionStrings__signalr=");
        assertThat(one).isNotEqualTo(two).startsWith("Endpoint=http://localhost:");
        assertThat(two).startsWith("Endpoint=http://localhost:");
        assertThat(app.connectionString("signalr")).isEqualTo(one);

        // A send through node 1 reaches a client of node 2.
        try (var node1 = new dev.hubbub.management.ServiceManagerBuilder().connectionString(one).build();
                var node2 = new dev.hubbub.management.ServiceManagerBuilder().connectionString(two).build()) {
            var negotiated = node2.createHubContext("chat").negotiate();
            assertThat(negotiated.url()).startsWith(two.substring("Endpoint=".length(), two.indexOf(';')));
            try (var client = dev.hubbub.test.client.HubTestClient.create(negotiated.url(),
                    o -> o.accessToken(negotiated.accessToken())).start()) {
                node1.createHubContext("chat").clients().all().send("news", "across nodes");
                assertThat(client.on("news").awaitNext().argument(0, String.class)).isEqualTo("across nodes");
            }
        }
    }

    @Test
    void replicasWithoutABackplaneFailTheEmulatorNamingTheFix() {
        var builder = TestBuilders.run();
        builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS).runAsEmulator(e -> e.withReplicas(2));
        app = Orchestrator.start(builder.build().resources(), System.out, withoutTestLauncher());
        await().atMost(TIMEOUT).until(() -> app.state("signalr").isTerminal());
        assertThat(app.failure("signalr")).get().asString().contains("withBackplane(builder.addRedis(\"cache\"))");
    }

    private static String envLine(java.util.List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    @Test
    void emulatorOnATakenPortFailsToStartNamingThePortAndTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var builder = TestBuilders.run();
            builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS)
                    .runAsEmulator(e -> e.withHostPort(taken.getLocalPort()));
            app = Orchestrator.start(builder.build().resources(), System.out, withoutTestLauncher());

            app.awaitState("signalr", ResourceState.FAILED_TO_START, TIMEOUT);
            assertThat(app.failure("signalr").orElseThrow())
                    .startsWith("The SignalR emulator could not start: cannot listen on port " + taken.getLocalPort())
                    .endsWith("free the port or choose another with runAsEmulator(e -> e.withHostPort(<port>))");
        }
    }

    /** The test classpath also registers the fake launcher (first in order); hide it here. */
    private static ClassLoader withoutTestLauncher() {
        return new ClassLoader(EmulatorRunModeTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                Enumeration<URL> all = super.getResources(name);
                if (!LAUNCHER_SERVICE_FILE.equals(name)) {
                    return all;
                }
                List<URL> kept = Collections.list(all).stream()
                        .filter(u -> !u.toString().contains("test-classes")).toList();
                return Collections.enumeration(kept);
            }
        };
    }
}
