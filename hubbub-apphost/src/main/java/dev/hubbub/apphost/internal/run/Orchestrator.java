package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.HealthCheckAnnotation;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ProcessResource;
import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.ResourceReadyAnnotation;
import dev.hubbub.apphost.ResourceState;
import dev.hubbub.apphost.ResourceWithConnectionString;
import dev.hubbub.apphost.RunningApplication;
import dev.hubbub.apphost.WaitAnnotation;
import dev.hubbub.apphost.azure.AzureSignalREmulatorResource;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.azure.spi.EmulatorOptions;
import dev.hubbub.apphost.azure.spi.RunningEmulator;
import dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher;
import dev.hubbub.apphost.redis.RedisResource;
import dev.hubbub.apphost.internal.azure.AzureProvisioner;
import dev.hubbub.dashboard.Dashboard;
import dev.hubbub.dashboard.DashboardOptions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run mode: starts every resource on its own thread once its {@code waitFor} dependencies are
 * Running and healthy, injects environment, streams output, tracks health and stops everything.
 */
public final class Orchestrator implements RunningApplication {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hubbub.apphost.run");
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration FOREVER = Duration.ofDays(365);
    private static final int FAILURE_LINES = 20;

    private final Map<Resource, ResourceTracker> trackers = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, ResourceTracker> byName = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();
    // The process of each resource's current run, for the dashboard's stop/start/restart commands.
    private final Map<ResourceTracker, ManagedProcess> current = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<ResourceTracker, URI> emulatorEndpoints = new java.util.concurrent.ConcurrentHashMap<>();
    // The running emulator and its launcher of each emulator resource, for the dashboard's commands.
    private final Map<ResourceTracker, RunningEmulator> runningEmulators = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<ResourceTracker, SignalREmulatorLauncher> emulatorLaunchers =
            new java.util.concurrent.ConcurrentHashMap<>();
    // Set once before any resource starts, when run mode serves the dashboard.
    private volatile @Nullable Dashboard dashboard;
    private final List<RunningEmulator> emulators = new CopyOnWriteArrayList<>();
    private final List<Thread> starters = new CopyOnWriteArrayList<>();
    private final List<String> history = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ScheduledExecutorService scheduler;
    private final HealthMonitor health;
    private final PrintStream console;
    // Ctrl-C or System.exit while running: stop children before the JVM goes.
    private final Thread shutdownHook = new Thread(this::stop, "hubbub-apphost-shutdown");

    private Orchestrator(PrintStream console) {
        this.console = console;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "hubbub-apphost-monitor");
            t.setDaemon(true);
            return t;
        });
        this.health = new HealthMonitor(scheduler, stopped::get);
    }

    /**
     * Starts the model with the emulator launcher from the context class loader, output to {@code System.out}.
     *
     * @param resources the model
     * @return the running application
     */
    public static RunningApplication start(List<Resource> resources) {
        return start(resources, null);
    }

    /**
     * Starts the model; Azure SignalR resources without the emulator are provisioned in Azure.
     *
     * @param resources the model
     * @param provisioner provisions Azure resources, or null when none needs it
     * @return the running application
     */
    public static RunningApplication start(List<Resource> resources, @Nullable AzureProvisioner provisioner) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return start(resources, System.out, loader != null ? loader : Orchestrator.class.getClassLoader(), provisioner);
    }

    /**
     * Starts the model.
     *
     * @param resources the model
     * @param console where children's prefixed output goes
     * @param launcherLoader where the emulator launcher is looked up
     * @return the running application
     * @throws DistributedApplicationException before starting anything if a resource cannot run locally
     */
    public static Orchestrator start(List<Resource> resources, PrintStream console, ClassLoader launcherLoader) {
        return start(resources, console, launcherLoader, null);
    }

    /**
     * Starts the model.
     *
     * @param resources the model
     * @param console where children's prefixed output goes
     * @param launcherLoader where the emulator launcher is looked up
     * @param provisioner provisions Azure SignalR resources that do not run as emulators, or null
     * @return the running application
     * @throws DistributedApplicationException before starting anything if a resource cannot run locally
     */
    public static Orchestrator start(List<Resource> resources, PrintStream console, ClassLoader launcherLoader,
            @Nullable AzureProvisioner provisioner) {
        return start(resources, console, launcherLoader, provisioner, null);
    }

    /**
     * Starts the model, with the dashboard when {@code dashboardOptions} is given.
     *
     * @param resources the model
     * @param console where children's prefixed output and the dashboard's URL go
     * @param launcherLoader where the emulator launcher is looked up
     * @param provisioner provisions Azure SignalR resources that do not run as emulators, or null
     * @param dashboardOptions where the dashboard listens, or null for none
     * @return the running application
     * @throws DistributedApplicationException before starting anything if a resource cannot run locally
     */
    public static Orchestrator start(List<Resource> resources, PrintStream console, ClassLoader launcherLoader,
            @Nullable AzureProvisioner provisioner, @Nullable DashboardOptions dashboardOptions) {
        Map<Resource, SignalREmulatorLauncher> launchers = new IdentityHashMap<>();
        for (Resource r : resources) {
            if (r instanceof AzureSignalRResource s) {
                if (!s.isEmulator()) {
                    if (provisioner == null) {
                        throw new DistributedApplicationException("Azure SignalR resource '" + s.name() + "' needs Azure "
                                + "provisioning in run mode, and no provisioner was configured: start the application "
                                + "with DistributedApplication.start(), or call runAsEmulator() on it.");
                    }
                    continue;
                }
                launchers.put(s, EmulatorLaunchers.find(launcherLoader, s.name()));
                if (s.serviceMode() != dev.hubbub.apphost.azure.AzureSignalRServiceMode.SERVERLESS) {
                    // Hubbub's emulator implements Default mode; the official one would not accept hub servers.
                    LOG.info("[{}] runs as an emulator in Default mode: hub servers connect to it over the service "
                            + "protocol and clients are routed to them (the official Azure SignalR emulator supports "
                            + "Serverless mode only).", s.name());
                }
            }
        }
        Map<Resource, RedisServerCommand> redisServers = new IdentityHashMap<>();
        for (Resource r : resources) {
            if (r instanceof RedisResource redis) {
                ExecutableSearchPath path = redis.annotations(ExecutableSearchPath.class).stream().reduce((a, b) -> b)
                        .orElse(new ExecutableSearchPath(System.getenv("PATH")));
                redisServers.put(redis, RedisServerCommand.locate(redis, path.path()));
            }
        }
        Orchestrator o = new Orchestrator(console);
        for (Resource r : resources) {
            ResourceTracker t = new ResourceTracker(r, o::record);
            o.trackers.put(r, t);
            o.byName.put(r.name().toLowerCase(Locale.ROOT), t);
        }
        if (dashboardOptions != null) {
            o.startDashboard(dashboardOptions);
        }
        o.scheduler.scheduleWithFixedDelay(() -> o.processes.forEach(ManagedProcess::recordDescendants),
                200, 200, TimeUnit.MILLISECONDS);
        for (Resource r : resources) {
            ResourceTracker t = o.tracker(r);
            if (r instanceof ParameterResource p) {
                o.resolveParameter(p, t);
            } else if (r instanceof AzureSignalRResource s && !s.isEmulator()) {
                AzureProvisioner p = java.util.Objects.requireNonNull(provisioner, "provisioner");
                o.spawn(t, () -> o.provision(s, t, p));
            } else if (r instanceof AzureSignalRResource s) {
                SignalREmulatorLauncher launcher = launchers.get(s);
                o.spawn(t, () -> o.startEmulator(s, t, java.util.Objects.requireNonNull(launcher, "launcher")));
            } else if (r instanceof ProcessResource p) {
                o.spawn(t, () -> o.startProcess(p, t));
            } else if (r instanceof RedisResource redis) {
                RedisServerCommand command = java.util.Objects.requireNonNull(redisServers.get(redis), "redis-server");
                o.spawn(t, () -> o.startRedis(redis, t, command));
            }
        }
        return o;
    }

    private void record(String change) {
        history.add(change);
        Dashboard d = dashboard;
        if (d != null) {
            d.resourcesChanged();
        }
    }

    private void startDashboard(DashboardOptions options) {
        Dashboard d;
        try {
            d = Dashboard.start(options, new DashboardBridge(this));
        } catch (IllegalStateException e) {
            stop();
            throw new DistributedApplicationException(String.valueOf(e.getMessage()), e);
        }
        dashboard = d;
        console.println("Dashboard: " + d.loginUrl());
        LOG.info("Dashboard listening at http://localhost:{}/ (open the login URL above)", d.port());
    }

    /**
     * The emulator's live trace goes to the dashboard, when there is one; its connections, REST and upstream calls
     * and server connections also become lines of the emulator's console (it runs in this JVM, so it has no output
     * of its own to capture).
     */
    private dev.hubbub.service.@Nullable LiveTraceListener liveTrace(String resource) {
        Dashboard d = dashboard;
        if (d == null) {
            return null;
        }
        ResourceTracker t = byName.get(resource);
        return e -> {
            d.liveTrace(new dev.hubbub.dashboard.LiveTraceEntry(e.time(), resource, e.kind().displayName(),
                    e.hub(), e.details()));
            if (t != null && e.kind() != dev.hubbub.service.LiveTraceEvent.Kind.MESSAGE_IN
                    && e.kind() != dev.hubbub.service.LiveTraceEvent.Kind.MESSAGE_OUT) {
                emulatorConsole(t, e.kind().displayName() + " hub=" + e.hub() + " " + details(e.details()));
            }
        };
    }

    private static String details(Map<String, String> details) {
        StringBuilder sb = new StringBuilder();
        details.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** A line of the in-process emulator's console: kept with the resource and shown by the dashboard. */
    private void emulatorConsole(ResourceTracker t, String line) {
        t.log("[" + t.resource().name() + "] " + line);
        Dashboard d = dashboard;
        if (d != null) {
            d.log(t.resource().name(), "stdout", line);
        }
    }

    /** @return the dashboard, or null when run mode serves none */
    public @Nullable Dashboard dashboard() {
        return dashboard;
    }

    List<ResourceTracker> trackers() {
        synchronized (byName) {
            return List.copyOf(byName.values());
        }
    }

    @Nullable URI emulatorEndpoint(ResourceTracker t) {
        return emulatorEndpoints.get(t);
    }

    boolean hasProcess(ResourceTracker t) {
        return current.containsKey(t) || runningEmulators.containsKey(t);
    }

    /** The dashboard's stop command: stops the resource's process; it ends Finished or Exited, never failed. */
    void stopResource(String name) {
        ResourceTracker t = tracker(name);
        RunningEmulator emulator = runningEmulators.get(t);
        if (emulator != null && !t.state().isTerminal()) {
            t.setState(ResourceState.STOPPING);
            LOG.info("[{}] Stopping the emulator (dashboard command)", name);
            emulator.close();
            t.exited(0, null);
            return;
        }
        ManagedProcess mp = current.get(t);
        if (mp == null || t.state().isTerminal()) {
            throw new IllegalStateException("Resource '" + name + "' has no running process to stop (it is " + t.state() + ").");
        }
        t.setState(ResourceState.STOPPING);
        LOG.info("[{}] Stopping (dashboard command)", name);
        mp.stop(STOP_GRACE);
    }

    /** The dashboard's start command: starts a stopped or exited process resource again. */
    void startResource(String name) {
        ResourceTracker t = tracker(name);
        SignalREmulatorLauncher launcher = emulatorLaunchers.get(t);
        if (t.resource() instanceof AzureSignalRResource s && launcher != null) {
            if (!t.state().isTerminal() || stopped.get()) {
                throw new IllegalStateException("Resource '" + name + "' is " + t.state() + ": stop it first, or use restart.");
            }
            LOG.info("[{}] Starting the emulator again (dashboard command)", name);
            startEmulator(s, t, launcher);
            return;
        }
        if (!(t.resource() instanceof ProcessResource p)) {
            throw new IllegalArgumentException("Resource '" + name + "' is not a process: only projects and executables "
                    + "can be started from the dashboard.");
        }
        if (!t.state().isTerminal()) {
            throw new IllegalStateException("Resource '" + name + "' is " + t.state() + ": stop it first, or use restart.");
        }
        if (stopped.get()) {
            throw new IllegalStateException("The application is stopping.");
        }
        LOG.info("[{}] Starting again (dashboard command)", name);
        startProcess(p, t);
    }

    /** The dashboard's restart command. */
    void restartResource(String name) {
        ResourceTracker t = tracker(name);
        if (!t.state().isTerminal()) {
            stopResource(name);
            ManagedProcess mp = current.get(t);
            if (mp != null) {
                mp.awaitOutput(Duration.ofSeconds(2));
            }
            try {
                t.await(x -> x.state().isTerminal(), Duration.ofSeconds(15), "'" + name + "' to stop");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        startResource(name);
    }

    private void spawn(ResourceTracker t, Runnable start) {
        Thread thread = new Thread(() -> {
            try {
                if (waitForDependencies(t)) {
                    start.run();
                    notifyReady(t);
                }
            } catch (RuntimeException e) {
                fail(t, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }, "hubbub-start-" + t.resource().name());
        thread.setDaemon(true);
        starters.add(thread);
        thread.start();
    }

    private void notifyReady(ResourceTracker t) {
        List<ResourceReadyAnnotation> callbacks = t.resource().annotations(ResourceReadyAnnotation.class);
        if (callbacks.isEmpty()) {
            return;
        }
        boolean checked = healthChecked(t.resource());
        try {
            t.await(x -> (x.state() == ResourceState.RUNNING && (!checked || x.healthy())) || x.state().isTerminal()
                    || stopped.get(), FOREVER, "'" + t.resource().name() + "' to become ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stopped.get() || t.state() != ResourceState.RUNNING) {
            return;
        }
        for (ResourceReadyAnnotation r : callbacks) {
            try {
                r.callback().accept(t.resource());
            } catch (RuntimeException e) {
                LOG.warn("[{}] The resource-ready callback failed: {}", t.resource().name(), e.toString());
            }
        }
    }

    private void resolveParameter(ParameterResource p, ResourceTracker t) {
        try {
            p.value();
            t.setState(ResourceState.RUNNING);
            t.setHealthy(true);
        } catch (DistributedApplicationException e) {
            LOG.warn("[{}] {}", p.name(), e.getMessage());
            t.fail(ResourceState.FAILED_TO_START, String.valueOf(e.getMessage()));
        }
    }

    /** The tracker of a resource of the model (every one has one from the start). */
    private ResourceTracker tracker(Resource r) {
        ResourceTracker t = trackers.get(r);
        if (t == null) {
            throw new IllegalStateException("resource '" + r.name() + "' is not part of the app model");
        }
        return t;
    }

    private boolean waitForDependencies(ResourceTracker t) {
        List<Resource> deps = new ArrayList<>();
        for (WaitAnnotation w : t.resource().annotations(WaitAnnotation.class)) {
            deps.add(w.dependency() instanceof AzureSignalREmulatorResource e ? e.innerResource() : w.dependency());
        }
        // As in Aspire, a reference to a provisioned Azure resource waits for its outputs even without waitFor.
        for (dev.hubbub.apphost.ReferenceAnnotation r : t.resource().annotations(dev.hubbub.apphost.ReferenceAnnotation.class)) {
            if (r.target() instanceof AzureSignalRResource s && !s.isEmulator() && !deps.contains(s)) {
                deps.add(s);
            }
        }
        if (deps.isEmpty()) {
            return true;
        }
        t.setState(ResourceState.WAITING);
        LOG.info("[{}] Waiting", t.resource().name());
        try {
            for (Resource dep : deps) {
                ResourceTracker d = tracker(dep);
                LOG.info("[{}] Waiting for resource '{}' to enter the 'Running' state.", t.resource().name(), dep.name());
                d.await(x -> x.state() == ResourceState.RUNNING || x.state().isTerminal() || stopped.get(), FOREVER,
                        "'" + dep.name() + "' to run");
                if (stopped.get()) {
                    return false;
                }
                if (d.state() != ResourceState.RUNNING) {
                    return dependencyFailed(t, d);
                }
                if (healthChecked(dep)) {
                    LOG.info("[{}] Waiting for resource '{}' to become healthy.", t.resource().name(), dep.name());
                    d.await(x -> x.healthy() || x.state().isTerminal() || stopped.get(), FOREVER,
                            "'" + dep.name() + "' to become healthy");
                    if (stopped.get()) {
                        return false;
                    }
                    if (!d.healthy()) {
                        return dependencyFailed(t, d);
                    }
                }
                LOG.info("[{}] Finished waiting for resource '{}'.", t.resource().name(), dep.name());
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean dependencyFailed(ResourceTracker t, ResourceTracker d) {
        String message = d.state() == ResourceState.FAILED_TO_START
                ? "Dependency resource '" + d.resource().name() + "' failed to start."
                : "Resource '" + d.resource().name() + "' has entered the '" + d.state() + "' state prematurely.";
        if (d.failure() != null) {
            message += " " + d.failure();
        }
        fail(t, message);
        return false;
    }

    private void fail(ResourceTracker t, String message) {
        LOG.error("[{}] FailedToStart: {}", t.resource().name(), message);
        t.fail(ResourceState.FAILED_TO_START, message);
    }

    private void starting(ResourceTracker t) {
        t.setState(ResourceState.STARTING);
        LOG.info("[{}] Starting", t.resource().name());
    }

    private void startEmulator(AzureSignalRResource s, ResourceTracker t, SignalREmulatorLauncher launcher) {
        starting(t);
        EndpointAnnotation endpoint = s.emulatorEndpoint();
        RunningEmulator emulator;
        try {
            Integer port = endpoint == null ? null : endpoint.port();
            // a start from the dashboard reuses the port the references were given
            int previous = endpoint == null ? 0 : endpoint.allocatedPort();
            dev.hubbub.apphost.redis.RedisResource backplane = s.emulatorBackplane();
            emulator = launcher.start(port != null ? port : previous,
                    new EmulatorOptions(s.name(), s.serviceMode(), AzureSignalRResource.EMULATOR_ACCESS_KEY,
                            liveTrace(s.name()), dashboard == null ? null : dashboard.openTelemetry(s.name()),
                            s.emulatorReplicas(),
                            backplane == null ? null : backplane.connectionStringExpression().value()));
        } catch (Exception e) {
            fail(t, "The SignalR emulator could not start: " + e.getMessage());
            return;
        }
        emulators.add(emulator);
        if (stopped.get()) {
            emulator.close();
            return;
        }
        runningEmulators.put(t, emulator);
        emulatorLaunchers.put(t, launcher);
        URI uri = emulator.endpoint();
        s.setEmulatorNodeEndpoints(emulator.endpoints().stream().map(u -> stripSlash(u.toString())).toList());
        t.started(Map.of());
        emulatorEndpoints.put(t, uri);
        if (endpoint != null) {
            endpoint.allocate(uri.getPort());
        }
        t.setState(ResourceState.RUNNING);
        LOG.info("[{}] Running: emulator at {}", s.name(), emulator.endpoints().size() > 1 ? emulator.endpoints() : uri);
        List<URI> nodes = emulator.endpoints();
        for (int i = 0; i < nodes.size(); i++) {
            emulatorConsole(t, "Hubbub service (emulator, " + s.serviceMode().name().toLowerCase(java.util.Locale.ROOT)
                    + " mode" + (nodes.size() > 1 ? ", node " + (i + 1) + " of " + nodes.size() + " on Redis" : "")
                    + ") listening at " + stripSlash(nodes.get(i).toString()));
        }
        emulatorConsole(t, "Connection string: Endpoint=" + stripSlash(uri.toString())
                + ";AccessKey=***;Version=1.0; (the emulator's well-known key)");
        for (HealthCheckAnnotation h : s.annotations(HealthCheckAnnotation.class)) {
            health.monitor(t, URI.create(stripSlash(uri.toString()) + h.path()), h.expectedStatus());
        }
    }

    private void provision(AzureSignalRResource s, ResourceTracker t, AzureProvisioner provisioner) {
        starting(t);
        LOG.info("[{}] Provisioning {}...", s.name(), s.name());
        Map<String, String> outputs;
        try {
            outputs = provisioner.provision(s);
        } catch (DistributedApplicationException e) {
            fail(t, "Failed to provision: " + e.getMessage());
            return;
        }
        s.setProvisionedOutputs(outputs);
        t.setState(ResourceState.RUNNING);
        t.setHealthy(true);
        LOG.info("[{}] Running: provisioned in Azure ({})", s.name(), outputs.getOrDefault("hostName", "no hostName output"));
    }

    private void startProcess(ProcessResource p, ResourceTracker t) {
        starting(t);
        Map<String, EndpointAnnotation> endpoints = new LinkedHashMap<>();
        for (EndpointAnnotation e : p.annotations(EndpointAnnotation.class)) {
            // a restart keeps the port its references were given
            if (e.allocatedPort() == 0 || e.port() != null) {
                e.allocate(e.port() != null ? e.port() : Ports.freePort());
            }
            endpoints.put(e.name(), e);
        }
        Dashboard d = dashboard;
        ProcessSpec spec;
        try {
            spec = ProcessSpec.resolve(p, d == null ? Map.of() : d.otlpEnvironment(p.name()));
        } catch (DistributedApplicationException e) {
            fail(t, String.valueOf(e.getMessage()));
            return;
        }
        List<String> command = spec.command();
        ManagedProcess mp = d == null ? new ManagedProcess(t, console) : new ManagedProcess(t, console, d::log);
        t.started(spec.environment());
        if (d != null) {
            d.environmentStarting(spec.environment(), DashboardBridge.secretNames(p));
        }
        Process process;
        synchronized (this) {
            if (stopped.get()) {
                return;
            }
            try {
                process = mp.start(command, spec.environment(), p.workingDirectory());
            } catch (Exception e) {
                fail(t, "Cannot start '" + String.join(" ", command.subList(0, 1)) + "': " + e.getMessage());
                return;
            }
            processes.add(mp);
            current.put(t, mp);
        }
        t.setPid(process.pid());
        t.setState(ResourceState.RUNNING);
        LOG.info("[{}] Running: pid {}", p.name(), process.pid());
        process.onExit().thenAccept(ended -> onExit(p, t, mp, ended.exitValue()));
        for (HealthCheckAnnotation h : p.annotations(HealthCheckAnnotation.class)) {
            EndpointAnnotation e = endpoints.get(h.endpointName());
            if (e != null) {
                health.monitor(t, URI.create(e.scheme() + "://localhost:" + e.allocatedPort() + h.path()), h.expectedStatus());
            }
        }
    }

    /**
     * Whether a resource has a health check: an HTTP one, or PING for Redis. Dependants of such a resource wait
     * for it to become healthy, not only Running.
     *
     * @param r the resource
     * @return whether it is health-checked
     */
    static boolean healthChecked(Resource r) {
        return r instanceof RedisResource || !r.annotations(HealthCheckAnnotation.class).isEmpty();
    }

    /**
     * Runs {@code redis-server} as a child like any process resource (same output streaming, stop and descendant
     * tracking); Running once started, healthy once it answers AUTH and PING.
     */
    private void startRedis(RedisResource r, ResourceTracker t, RedisServerCommand server) {
        starting(t);
        EndpointAnnotation endpoint = r.primaryEndpoint();
        if (endpoint.allocatedPort() == 0 || endpoint.port() != null) {
            Integer fixed = endpoint.port();
            endpoint.allocate(fixed != null ? fixed : Ports.freePort());
        }
        RedisServerCommand.Launch launch;
        try {
            launch = server.prepare(r.name(), endpoint.allocatedPort(), r.passwordParameter().value());
        } catch (java.io.IOException | DistributedApplicationException e) {
            fail(t, "Cannot prepare redis-server for '" + r.name() + "': " + e.getMessage());
            return;
        }
        Dashboard d = dashboard;
        ManagedProcess mp = d == null ? new ManagedProcess(t, console) : new ManagedProcess(t, console, d::log);
        t.started(Map.of());
        Process process;
        synchronized (this) {
            if (stopped.get()) {
                launch.deleteDirectory();
                return;
            }
            try {
                process = mp.start(server.command(), Map.of(), launch.directory(), launch.stdin());
            } catch (Exception e) {
                launch.deleteDirectory();
                fail(t, "Cannot start '" + server.executable() + "': " + e.getMessage());
                return;
            }
            processes.add(mp);
        }
        t.setPid(process.pid());
        t.setState(ResourceState.RUNNING);
        LOG.info("[{}] Running: redis-server pid {} on 127.0.0.1:{}", r.name(), process.pid(), launch.port());
        process.onExit().thenAccept(ended -> {
            onExit(r, t, mp, ended.exitValue());
            launch.deleteDirectory();
        });
        health.monitor(t, "PING answered PONG", "PING got no PONG", launch::healthy);
    }

    private void onExit(Resource p, ResourceTracker t, ManagedProcess mp, int code) {
        mp.awaitOutput(Duration.ofSeconds(2));
        if (mp.isStopping() || code == 0) {
            LOG.info("[{}] {} (exit code {})", p.name(), code == 0 ? "Finished" : "Exited", code);
            t.exited(code, null);
            return;
        }
        List<String> last = t.lastLogs(FAILURE_LINES);
        String message = "Resource '" + p.name() + "' exited unexpectedly with exit code " + code + ". Last "
                + last.size() + " lines of output:" + (last.isEmpty() ? " (none)" : "\n" + String.join("\n", last));
        LOG.error("[{}] Exited: {}", p.name(), message);
        t.exited(code, message);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private ResourceTracker tracker(String name) {
        ResourceTracker t = byName.get(name.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new DistributedApplicationException("No resource named '" + name + "' in this application; known: "
                    + byName.keySet() + ".");
        }
        return t;
    }

    @Override
    public ResourceState state(String resource) {
        return tracker(resource).state();
    }

    @Override
    public Map<String, ResourceState> states() {
        Map<String, ResourceState> out = new LinkedHashMap<>();
        synchronized (byName) {
            byName.values().forEach(t -> out.put(t.resource().name(), t.state()));
        }
        return out;
    }

    @Override
    public void awaitState(String resource, ResourceState state, Duration timeout) {
        ResourceTracker t = tracker(resource);
        try {
            t.await(x -> x.state() == state || (x.state().isTerminal() && state != x.state()), timeout, "state " + state);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistributedApplicationException("Interrupted while waiting for '" + resource + "'.", e);
        }
        if (t.state() != state) {
            throw new DistributedApplicationException("Resource '" + resource + "' reached " + t.state() + " instead of "
                    + state + (t.failure() == null ? "." : ": " + t.failure()));
        }
    }

    @Override
    public void awaitHealthy(String resource, Duration timeout) {
        ResourceTracker t = tracker(resource);
        try {
            t.await(x -> (x.state() == ResourceState.RUNNING && (x.healthy()
                    || !healthChecked(x.resource()))) || x.state().isTerminal(),
                    timeout, "it to become healthy");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistributedApplicationException("Interrupted while waiting for '" + resource + "'.", e);
        }
        if (t.state().isTerminal()) {
            throw new DistributedApplicationException("Resource '" + resource + "' is " + t.state()
                    + (t.failure() == null ? "." : ": " + t.failure()));
        }
    }

    @Override
    public String connectionString(String resource) {
        Resource r = tracker(resource).resource();
        if (!(r instanceof ResourceWithConnectionString c)) {
            throw new DistributedApplicationException("Resource '" + resource + "' has no connection string.");
        }
        return c.connectionStringExpression().value();
    }

    @Override
    public Optional<Integer> exitCode(String resource) {
        return Optional.ofNullable(tracker(resource).exitCode());
    }

    @Override
    public Optional<String> failure(String resource) {
        return Optional.ofNullable(tracker(resource).failure());
    }

    @Override
    public Optional<Long> pid(String resource) {
        return Optional.ofNullable(tracker(resource).pid());
    }

    @Override
    public List<String> logs(String resource) {
        return tracker(resource).logs();
    }

    @Override
    public List<String> stateHistory() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** @return every descendant process seen so far (for tests checking that none survives) */
    public List<ProcessHandle> knownDescendants() {
        List<ProcessHandle> out = new ArrayList<>();
        processes.forEach(p -> out.addAll(p.knownDescendants()));
        return out;
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
        }
        LOG.info("Stopping {} process(es) and {} emulator(s)", processes.size(), emulators.size());
        starters.forEach(Thread::interrupt);
        synchronized (byName) {
            byName.values().forEach(t -> {
                synchronized (t) {
                    t.notifyAll();
                }
            });
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ManagedProcess p : processes) {
            Thread th = new Thread(() -> p.stop(STOP_GRACE), "hubbub-stop");
            th.start();
            stoppers.add(th);
        }
        for (Thread th : stoppers) {
            try {
                th.join(STOP_GRACE.toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (RunningEmulator e : emulators) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                LOG.warn("Closing the emulator failed: {}", ex.toString());
            }
        }
        scheduler.shutdownNow();
        Dashboard d = dashboard;
        if (d != null) {
            d.close();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook is running or has run
            }
        }
        LOG.info("Stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
