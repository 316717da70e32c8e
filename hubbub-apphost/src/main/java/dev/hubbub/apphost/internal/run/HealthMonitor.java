package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.ResourceState;
import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a health check (an HTTP endpoint, or PING for Redis): every 200 ms until healthy, then every 2 s. A running resource
 * that stops answering becomes RuntimeUnhealthy and is reported with its last output lines.
 */
final class HealthMonitor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hubbub.apphost.run");
    private static final int REPORT_LINES = 20;

    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier stopped;
    private final HttpHealthProbe probe = new HttpHealthProbe();

    HealthMonitor(ScheduledExecutorService scheduler, BooleanSupplier stopped) {
        this.scheduler = scheduler;
        this.stopped = stopped;
    }

    void monitor(ResourceTracker t, URI uri, int expected) {
        monitor(t, "GET " + uri + " answered " + expected, "GET " + uri + " did not answer " + expected,
                () -> probe.probe(uri) == expected);
    }

    /**
     * @param healthy what a passing check means, for the log
     * @param unhealthy what a failing check means, for the log
     * @param probeCheck the check; runs on the monitor thread, so it must time out by itself
     */
    void monitor(ResourceTracker t, String healthy, String unhealthy, BooleanSupplier probeCheck) {
        int generation = t.generation();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (stopped.getAsBoolean() || t.state().isTerminal() || t.generation() != generation) {
                    return;
                }
                boolean ok = probeCheck.getAsBoolean();
                if (ok && !t.healthy()) {
                    LOG.info("[{}] Healthy: {}", t.resource().name(), healthy);
                    t.setState(ResourceState.RUNNING);
                    t.setHealthy(true);
                } else if (!ok && t.healthy()) {
                    LOG.error("[{}] RuntimeUnhealthy: {}. Last lines of output:\n{}",
                            t.resource().name(), unhealthy, String.join("\n", t.lastLogs(REPORT_LINES)));
                    t.setHealthy(false);
                    t.setState(ResourceState.RUNTIME_UNHEALTHY);
                }
                if (!stopped.getAsBoolean()) {
                    try {
                        scheduler.schedule(this, t.healthy() ? 2000 : 200, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                        // stopped meanwhile
                    }
                }
            }
        };
        scheduler.execute(check);
    }
}
