package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.EnvironmentAnnotation;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ProcessResource;
import dev.hubbub.apphost.ProjectResource;
import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.ResourceState;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.dashboard.DashboardBackend;
import dev.hubbub.dashboard.ResourceSnapshot;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What the dashboard reads from run mode and the commands it runs, over the orchestrator's trackers. */
final class DashboardBridge implements DashboardBackend {

    private final Orchestrator orchestrator;

    DashboardBridge(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Override
    public List<ResourceSnapshot> resources() {
        List<ResourceSnapshot> out = new ArrayList<>();
        for (ResourceTracker t : orchestrator.trackers()) {
            out.add(snapshot(t));
        }
        return out;
    }

    private ResourceSnapshot snapshot(ResourceTracker t) {
        Resource r = t.resource();
        ResourceState state;
        boolean healthy;
        @Nullable Integer exitCode;
        synchronized (t) {
            state = t.state();
            healthy = t.healthy();
            exitCode = t.exitCode();
        }
        boolean checked = Orchestrator.healthChecked(r);
        String health = !checked ? (state == ResourceState.RUNNING ? "Healthy" : "")
                : state == ResourceState.RUNNING || state == ResourceState.RUNTIME_UNHEALTHY
                        ? (healthy ? "Healthy" : "Unhealthy") : "";
        List<String> endpoints = new ArrayList<>();
        URI emulator = orchestrator.emulatorEndpoint(t);
        if (emulator != null) {
            endpoints.add(stripSlash(emulator.toString()));
        }
        for (EndpointAnnotation e : r.annotations(EndpointAnnotation.class)) {
            String url = e.scheme() + "://localhost:" + e.allocatedPort();
            if (e.allocatedPort() > 0 && !endpoints.contains(url)) {
                endpoints.add(url);
            }
        }
        Set<String> secretNames = secretNames(r);
        List<String> commands = new ArrayList<>();
        if (r instanceof ProcessResource || (r instanceof AzureSignalRResource e && e.isEmulator())) {
            if (state.isTerminal()) {
                commands.add("start");
            } else if (orchestrator.hasProcess(t) && state != ResourceState.STOPPING) {
                commands.add("stop");
                commands.add("restart");
            }
        }
        return new ResourceSnapshot(r.name(), type(r), state.displayName(), health, endpoints,
                t.startTime(), exitCode, t.environment(), secretNames, commands);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** @return the names of variables whose values are secret parameters */
    static Set<String> secretNames(Resource r) {
        Set<String> secretNames = new HashSet<>();
        for (EnvironmentAnnotation e : r.annotations(EnvironmentAnnotation.class)) {
            if (holdsSecret(e.value())) {
                secretNames.add(e.name());
            }
        }
        for (dev.hubbub.apphost.ConnectionPropertyAnnotation c : r.annotations(dev.hubbub.apphost.ConnectionPropertyAnnotation.class)) {
            if (holdsSecret(c.value())) {
                secretNames.add(c.name());
            }
        }
        return secretNames;
    }

    /** Whether a value is, or is made with, a secret parameter (a Redis connection string holds its password). */
    private static boolean holdsSecret(dev.hubbub.apphost.ValueProvider v) {
        if (v instanceof ParameterResource p) {
            return p.secret();
        }
        if (v instanceof dev.hubbub.apphost.UriEncodedValue u) {
            return u.parameter().secret();
        }
        if (v instanceof dev.hubbub.apphost.ConnectionStringReference c) {
            return holdsSecret(c.resource().connectionStringExpression());
        }
        if (v instanceof dev.hubbub.apphost.ReferenceExpression x) {
            return x.valueProviders().stream().anyMatch(DashboardBridge::holdsSecret);
        }
        return false;
    }

    private static String type(Resource r) {
        if (r instanceof ProjectResource) {
            return "Project";
        }
        if (r instanceof ProcessResource || (r instanceof AzureSignalRResource e && e.isEmulator())) {
            return "Executable";
        }
        if (r instanceof AzureSignalRResource s) {
            return s.isEmulator() ? "AzureSignalR (emulator)" : "AzureSignalR";
        }
        if (r instanceof ParameterResource) {
            return "Parameter";
        }
        String simple = r.getClass().getSimpleName();
        return simple.endsWith("Resource") ? simple.substring(0, simple.length() - "Resource".length()) : simple;
    }

    @Override
    public void execute(String resource, String command) {
        try {
            run(resource, command);
        } catch (dev.hubbub.apphost.DistributedApplicationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private void run(String resource, String command) {
        switch (command.toLowerCase(Locale.ROOT)) {
            case "stop" -> orchestrator.stopResource(resource);
            case "start" -> orchestrator.startResource(resource);
            case "restart" -> orchestrator.restartResource(resource);
            default -> throw new IllegalArgumentException("Unknown command '" + command + "': use stop, start or restart.");
        }
    }
}
