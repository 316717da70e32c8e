package dev.hubbub.dashboard.internal;

/** An OTLP request the receiver refuses, with the HTTP status it answers and why. */
public final class OtlpException extends Exception {

    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status the HTTP status
     * @param message what was wrong, for the sender
     */
    public OtlpException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status to answer */
    public int status() {
        return status;
    }
}
