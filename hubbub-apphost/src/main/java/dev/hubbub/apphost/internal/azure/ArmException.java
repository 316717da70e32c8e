package dev.hubbub.apphost.internal.azure;

import dev.hubbub.apphost.DistributedApplicationException;

/** A Resource Manager request that failed; the message says what, with which value, and what to do. Never holds a token. */
public final class ArmException extends DistributedApplicationException {

    private static final long serialVersionUID = 1L;

    /** HTTP status, or 0 when no response came. */
    private final int status;
    /** ARM error code, e.g. {@code AuthorizationFailed}, or empty. */
    private final String code;

    ArmException(String message, int status, String code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** @return the HTTP status, or 0 when no response came */
    public int status() {
        return status;
    }

    /** @return the ARM error code, or empty */
    public String code() {
        return code;
    }
}
