package dev.hubbub.apphost.testapps;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Serves {@code GET /health} = 200 on the port in {@code PORT}. */
public final class HealthyHttpApp {
    private HealthyHttpApp() {
    }

    /** @param args ignored @throws Exception if the port cannot be bound */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/health", e -> {
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        server.start();
        System.out.println("listening on " + port);
    }
}
