package dev.hubbub.apphost;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A started application (run mode): resource states, resolved values, and {@link #stop()}, which
 * ends every process started, children of children included. {@link #close()} = {@link #stop()}.
 */
public interface RunningApplication extends AutoCloseable {

    /** @param resource resource name @return its current state */
    ResourceState state(String resource);

    /** @return every resource's current state, in model order */
    Map<String, ResourceState> states();

    /**
     * Blocks until the resource reaches {@code state}.
     *
     * @param resource resource name
     * @param state the state to wait for
     * @param timeout how long to wait
     * @throws DistributedApplicationException on timeout, or if the resource reaches another terminal state
     */
    void awaitState(String resource, ResourceState state, Duration timeout);

    /**
     * Blocks until the resource is Running and healthy.
     *
     * @param resource resource name
     * @param timeout how long to wait
     */
    void awaitHealthy(String resource, Duration timeout);

    /** @param resource a resource with a connection string @return its live connection string */
    String connectionString(String resource);

    /** @param resource a process resource @return its exit code, once it has ended */
    Optional<Integer> exitCode(String resource);

    /** @param resource resource name @return why it failed, if it failed to start or exited unexpectedly */
    Optional<String> failure(String resource);

    /** @param resource a process resource @return its process id while it runs */
    Optional<Long> pid(String resource);

    /** @param resource resource name @return the last output lines of a process, each prefixed with {@code [name]} */
    List<String> logs(String resource);

    /** @return every state change so far, in order, as {@code name:State} (e.g. {@code apiService:Running}) */
    List<String> stateHistory();

    /** Stops every started process and emulator; idempotent. */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    void close();
}
