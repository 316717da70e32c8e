package dev.hubbub.apphost;

/** A parameter or connection string has no value in configuration and no default. */
public class MissingParameterValueException extends DistributedApplicationException {
    private static final long serialVersionUID = 1L;

    /** @param message Aspire's message, followed by what to set */
    public MissingParameterValueException(String message) {
        super(message);
    }
}
