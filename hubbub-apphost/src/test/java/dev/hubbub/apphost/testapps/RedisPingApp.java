package dev.hubbub.apphost.testapps;

import dev.hubbub.apphost.internal.run.RedisPing;
import java.time.Duration;

/**
 * Reads {@code ConnectionStrings__cache} ({@code host:port,password=...}, Aspire's StackExchange.Redis form), sends
 * AUTH and PING with it and prints {@code PING=<reply>} (never the connection string), then stays alive until killed.
 */
public final class RedisPingApp {
    private RedisPingApp() {
    }

    /** @param args unused @throws Exception if the connection string is malformed or Redis does not answer */
    public static void main(String[] args) throws Exception {
        String cs = System.getenv("ConnectionStrings__cache");
        String[] parts = cs.split(",");
        int colon = parts[0].lastIndexOf(':');
        String host = parts[0].substring(0, colon);
        int port = Integer.parseInt(parts[0].substring(colon + 1));
        String password = parts[1].substring("password=".length());
        System.out.println("HOST=" + host);
        System.out.println("URI_HAS_PASSWORD=" + System.getenv("CACHE_URI").contains(":" + password + "@"));
        System.out.println("PING=" + RedisPing.ping(host, port, password, Duration.ofSeconds(5)));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
