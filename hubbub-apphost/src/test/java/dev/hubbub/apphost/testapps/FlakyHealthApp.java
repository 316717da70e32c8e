package dev.hubbub.apphost.testapps;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** Serves {@code GET /health} on {@code PORT}: 200 the first time, 500 afterwards. */
public final class FlakyHealthApp {
    private FlakyHealthApp() {
    }

    /** @param args ignored @throws Exception if the port cannot be bound */
    public static void main(String[] args) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int port = Integer.parseInt(System.getenv("PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/health", e -> {
            int n = calls.incrementAndGet();
            System.out.println("health check " + n);
            e.sendResponseHeaders(n == 1 ? 200 : 500, -1);
            e.close();
        });
        server.start();
    }
}
