package dev.hubbub.samples.seed;

import dev.hubbub.server.HubServer;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code app.Run()} does for the seed's hub-server mains: listen on {@code PORT} (what the app host's
 * {@code withHttpEndpoint(port, "PORT")} passes; 0 or unset picks a free port), say where, and serve until
 * the process is asked to stop.
 */
final class HubServerProcess {
    private HubServerProcess() {
    }

    /** The port from the {@code PORT} environment variable, or 0. */
    static int port() {
        String port = System.getenv("PORT");
        return port == null || port.isBlank() ? 0 : Integer.parseInt(port.trim());
    }

    /** Prints the address and the service connections, then blocks until SIGINT/SIGTERM closes the server. */
    static void run(String name, HubServer server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hub-server-shutdown"));
        System.out.println(name + " listening on http://localhost:" + server.port() + " (hub /chat, health "
                + server.healthPath() + ", server id " + server.serverId() + ", service connections "
                + server.serviceConnectionStates().getOrDefault("/chat", java.util.List.of()).size() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
    }
}
