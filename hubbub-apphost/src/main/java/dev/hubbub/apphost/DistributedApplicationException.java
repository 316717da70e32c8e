package dev.hubbub.apphost;

/** An error in the application model or while running or publishing it. */
public class DistributedApplicationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, with which value, and what to do */
    public DistributedApplicationException(String message) {
        super(message);
    }

    /** @param message what went wrong @param cause the underlying failure */
    public DistributedApplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
