package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.ResourceState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Run-mode state of one resource. All methods are thread-safe (guarded by {@code this}). */
final class ResourceTracker {

    private static final int LOG_LINES_KEPT = 1000;

    private final Resource resource;
    private final Consumer<String> history;
    private ResourceState state = ResourceState.NOT_STARTED;
    private boolean healthy;
    private @Nullable String failure;
    private @Nullable Integer exitCode;
    private @Nullable Long pid;
    private final Deque<String> logs = new ArrayDeque<>();
    private java.time.@Nullable Instant startTime;
    private Map<String, String> environment = Map.of();
    // Bumped at every (re)start: a health monitor of an earlier run stops when it sees another generation.
    private int generation;

    ResourceTracker(Resource resource, Consumer<String> history) {
        this.resource = resource;
        this.history = history;
    }

    Resource resource() {
        return resource;
    }

    synchronized ResourceState state() {
        return state;
    }

    synchronized void setState(ResourceState newState) {
        if (state == newState) {
            return;
        }
        state = newState;
        history.accept(resource.name() + ":" + newState.displayName());
        notifyAll();
    }

    synchronized boolean healthy() {
        return healthy;
    }

    synchronized void setHealthy(boolean value) {
        if (value != healthy) {
            history.accept(resource.name() + ":" + (value ? "Healthy" : "Unhealthy"));
        }
        healthy = value;
        notifyAll();
    }

    synchronized @Nullable String failure() {
        return failure;
    }

    synchronized void fail(ResourceState terminal, String message) {
        failure = message;
        setState(terminal);
    }

    synchronized @Nullable Integer exitCode() {
        return exitCode;
    }

    synchronized void exited(int code, @Nullable String failureMessage) {
        exitCode = code;
        pid = null;
        if (failureMessage != null) {
            failure = failureMessage;
        }
        setState(code == 0 ? ResourceState.FINISHED : ResourceState.EXITED);
    }

    synchronized @Nullable Long pid() {
        return pid;
    }

    synchronized java.time.@Nullable Instant startTime() {
        return startTime;
    }

    synchronized Map<String, String> environment() {
        return environment;
    }

    synchronized int generation() {
        return generation;
    }

    /** A new run begins: clears the previous run's exit code and failure. @return the new generation */
    synchronized int started(Map<String, String> env) {
        startTime = java.time.Instant.now();
        environment = Map.copyOf(env);
        exitCode = null;
        failure = null;
        healthy = false; // a new run is healthy once its own health check says so
        return ++generation;
    }

    synchronized void setPid(long value) {
        pid = value;
    }

    synchronized void log(String line) {
        if (logs.size() == LOG_LINES_KEPT) {
            logs.removeFirst();
        }
        logs.addLast(line);
    }

    synchronized List<String> logs() {
        return new ArrayList<>(logs);
    }

    synchronized List<String> lastLogs(int n) {
        List<String> all = new ArrayList<>(logs);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Waits until {@code done} holds; {@code done} is evaluated under the lock. */
    synchronized void await(java.util.function.Predicate<ResourceTracker> done, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DistributedApplicationException("Timed out after " + timeout + " waiting for " + what
                        + "; resource '" + resource.name() + "' is " + state + (failure == null ? "" : ": " + failure));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
