package dev.hubbub.dashboard;

import java.util.List;

/** What the dashboard shows and does, supplied by the app host. Called from the dashboard's threads. */
public interface DashboardBackend {

    /** @return every resource, in model order */
    List<ResourceSnapshot> resources();

    /**
     * Runs a command on a resource; returns once it was accepted (it may complete later).
     *
     * @param resource the resource name
     * @param command {@code stop}, {@code start} or {@code restart}
     * @throws IllegalArgumentException if the resource or command is unknown, or the command does not apply
     */
    void execute(String resource, String command);
}
