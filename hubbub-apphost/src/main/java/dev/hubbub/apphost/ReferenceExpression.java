package dev.hubbub.apphost;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A string made of literal text and deferred values. {@link #valueExpression()} gives the manifest
 * form (e.g. {@code Endpoint=https://{signalr.outputs.hostName};AuthType=azure}); {@link #value()}
 * resolves every part live. Immutable.
 */
public final class ReferenceExpression implements ValueProvider {

    private final List<Object> parts; // String literals and ValueProviders, in order

    private ReferenceExpression(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Starts an expression. @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** The parts in order: {@link String} literals and {@link ValueProvider}s. @return the parts */
    public List<Object> parts() {
        return parts;
    }

    /** The deferred values this expression depends on, in order. @return value providers */
    public List<ValueProvider> valueProviders() {
        return parts.stream().filter(ValueProvider.class::isInstance).map(ValueProvider.class::cast).toList();
    }

    @Override
    public String valueExpression() {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            sb.append(part instanceof ValueProvider v ? v.valueExpression() : (String) part);
        }
        return sb.toString();
    }

    @Override
    public String value() {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            sb.append(part instanceof ValueProvider v ? v.value() : (String) part);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return valueExpression();
    }

    /** Builds a {@link ReferenceExpression} part by part. */
    public static final class Builder {
        private final List<Object> parts = new ArrayList<>();

        private Builder() {
        }

        /** Appends literal text. @param text the text @return this builder */
        public Builder literal(String text) {
            parts.add(Objects.requireNonNull(text, "text"));
            return this;
        }

        /** Appends a deferred value. @param value the value @return this builder */
        public Builder value(ValueProvider value) {
            parts.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return the immutable expression */
        public ReferenceExpression build() {
            return new ReferenceExpression(parts);
        }
    }
}
