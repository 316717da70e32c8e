package dev.hubbub.apphost.testapps;

import com.sun.net.httpserver.HttpServer;
import dev.hubbub.apphost.azure.spi.EmulatorOptions;
import dev.hubbub.apphost.azure.spi.RunningEmulator;
import dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only stand-in for the Hubbub service: an HTTP server on loopback answering
 * {@code GET /api/health} with 200 (or 503 while {@link #unhealthy} is positive).
 */
public final class FakeSignalREmulatorLauncher implements SignalREmulatorLauncher {

    /** Health answers 503 this many times before answering 200 (tests set it). */
    public static final AtomicInteger unhealthy = new AtomicInteger();
    /** When set, the next start fails with this message (tests set it). */
    public static final java.util.concurrent.atomic.AtomicReference<String> failNextStart = new java.util.concurrent.atomic.AtomicReference<>();
    /** How many emulators are currently open. */
    public static final AtomicInteger open = new AtomicInteger();

    @Override
    public RunningEmulator start(int portOrZero, EmulatorOptions options) throws Exception {
        String failure = failNextStart.getAndSet(null);
        if (failure != null) {
            throw new java.io.IOException(failure);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), portOrZero), 0);
        server.createContext("/api/health", exchange -> {
            int status = unhealthy.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        open.incrementAndGet();
        URI endpoint = URI.create("http://localhost:" + server.getAddress().getPort());
        return new RunningEmulator() {
            private boolean closed;

            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    server.stop(0);
                    open.decrementAndGet();
                }
            }
        };
    }
}
