package dev.hubbub.apphost;

/**
 * A deferred value: a manifest expression in publish mode, a live string in run mode.
 */
public interface ValueProvider {

    /** The manifest expression, e.g. {@code {signalr.outputs.hostName}} or {@code {p.value}}. */
    String valueExpression();

    /**
     * The live value, available in run mode once the providing resource is ready.
     *
     * @return the value
     * @throws DistributedApplicationException if the value is not available (yet)
     */
    String value();

    /**
     * A constant value; its manifest expression is the value itself.
     *
     * @param value the constant
     * @return a provider returning {@code value} in both modes
     */
    static ValueProvider literal(String value) {
        return ReferenceExpression.builder().literal(value).build();
    }
}
