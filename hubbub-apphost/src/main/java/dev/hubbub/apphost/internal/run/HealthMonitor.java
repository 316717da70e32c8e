package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.ResourceState;
import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls an HTTP health endpoint: every 200 ms until healthy, then every 2 s. A running resource
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
        int generation = t.generation();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (stopped.getAsBoolean() || t.state().isTerminal() || t.generation() != generation) {
                    return;
                }
                boolean ok = probe.probe(uri) == expected;
                if (ok && !t.healthy()) {
                    LOG.info("[{}] Healthy: GET {} answered {}", t.resource().name(), uri, expected);
                    t.setState(ResourceState.RUNNING);
                    t.setHealthy(true);
                } else if (!ok && t.healthy()) {
                    LOG.error("[{}] RuntimeUnhealthy: GET {} did not answer {}. Last lines of output:\n{}",
                            t.resource().name(), uri, expected, String.join("\n", t.lastLogs(REPORT_LINES)));
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
