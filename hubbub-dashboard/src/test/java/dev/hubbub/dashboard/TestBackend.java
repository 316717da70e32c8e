package dev.hubbub.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Two resources, one with secrets in its environment; records the commands it gets. */
final class TestBackend implements DashboardBackend {

    static final String ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    static final String PASSWORD = "correct-horse-battery-staple";
    static final String MARKED = "marked-secret-value-42";

    final List<String> commands = new CopyOnWriteArrayList<>();

    @Override
    public List<ResourceSnapshot> resources() {
        return List.of(
                new ResourceSnapshot("signalr", "AzureSignalR (emulator)", "Running", "Healthy",
                        List.of("http://localhost:8888"), Instant.parse("2026-01-01T00:00:00Z"), null, Map.of(),
                        Set.of(), List.of()),
                new ResourceSnapshot("api", "Project", "Running", "Healthy", List.of("http://localhost:8080"),
                        Instant.parse("2026-01-01T00:00:01Z"), null, Map.of(
                                "ConnectionStrings__signalr", "Endpoint=http://localhost:8888;AccessKey=" + ACCESS_KEY + ";Version=1.0;",
                                "DB_PASSWORD", PASSWORD,
                                "GREETING", MARKED,
                                "PORT", "8080"),
                        Set.of("GREETING"), List.of("stop", "restart")));
    }

    @Override
    public void execute(String resource, String command) {
        if (!resource.equals("api")) {
            throw new IllegalArgumentException("No resource named '" + resource + "'");
        }
        commands.add(command + " " + resource);
    }
}
