package dev.hubbub.apphost;

/** Run-mode states of a resource (Aspire's {@code KnownResourceStates}). */
public enum ResourceState {
    /** Not started yet. */
    NOT_STARTED("NotStarted"),
    /** Waiting for its {@code waitFor} dependencies. */
    WAITING("Waiting"),
    /** Being started. */
    STARTING("Starting"),
    /** Started (health is tracked separately). */
    RUNNING("Running"),
    /** Could not be started (terminal). */
    FAILED_TO_START("FailedToStart"),
    /** Running but its health check fails. */
    RUNTIME_UNHEALTHY("RuntimeUnhealthy"),
    /** Being stopped. */
    STOPPING("Stopping"),
    /** The process ended with a non-zero exit code, or was stopped (terminal). */
    EXITED("Exited"),
    /** The process ended with exit code 0 (terminal). */
    FINISHED("Finished");

    private final String displayName;

    ResourceState(String displayName) {
        this.displayName = displayName;
    }

    /** @return true for FailedToStart, Exited and Finished */
    public boolean isTerminal() {
        return this == FAILED_TO_START || this == EXITED || this == FINISHED;
    }

    /** @return Aspire's spelling, e.g. {@code FailedToStart} */
    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
