package dev.hubbub.apphost;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether the app host runs or publishes, decided from configuration: {@code AppHost:Operation}
 * ({@code run}/{@code publish}), else publish iff {@code Publishing:Publisher} is set
 * ({@code --publisher manifest}).
 *
 * @param operation run or publish
 * @param publisherName publisher name, {@code manifest} by default
 */
public record DistributedApplicationExecutionContext(DistributedApplicationOperation operation, String publisherName) {

    /** Validates. */
    public DistributedApplicationExecutionContext {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(publisherName, "publisherName");
    }

    /** @return true when publishing */
    public boolean isPublishMode() {
        return operation == DistributedApplicationOperation.PUBLISH;
    }

    /** @return true when running */
    public boolean isRunMode() {
        return operation == DistributedApplicationOperation.RUN;
    }

    /**
     * Reads the context from configuration.
     *
     * @param configuration the app host configuration
     * @return the context
     * @throws DistributedApplicationException if {@code AppHost:Operation} is neither run nor publish
     */
    public static DistributedApplicationExecutionContext from(Configuration configuration) {
        String publisher = configuration.get("Publishing:Publisher").orElse(null);
        String op = configuration.get("AppHost:Operation").orElse(null);
        DistributedApplicationOperation operation;
        if (op != null) {
            operation = switch (op.toLowerCase(Locale.ROOT)) {
                case "run" -> DistributedApplicationOperation.RUN;
                case "publish" -> DistributedApplicationOperation.PUBLISH;
                default -> throw new DistributedApplicationException(
                        "Invalid operation specified. Valid operations are 'publish' or 'run'.");
            };
        } else {
            operation = publisher != null ? DistributedApplicationOperation.PUBLISH : DistributedApplicationOperation.RUN;
        }
        return new DistributedApplicationExecutionContext(operation, publisher != null ? publisher : "manifest");
    }
}
