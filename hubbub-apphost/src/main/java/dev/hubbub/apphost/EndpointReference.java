package dev.hubbub.apphost;

import java.util.Locale;

/**
 * A deferred property of a resource's endpoint: {@code {res.bindings.<endpoint>.<property>}} in the
 * manifest, the allocated value in run mode.
 *
 * @param resource the resource owning the endpoint
 * @param endpoint the endpoint
 * @param property one of {@code url}, {@code host}, {@code port}, {@code targetPort}, {@code scheme}
 */
public record EndpointReference(Resource resource, EndpointAnnotation endpoint, String property) implements ValueProvider {

    @Override
    public String valueExpression() {
        return "{" + resource.name() + ".bindings." + endpoint.name() + "." + property + "}";
    }

    @Override
    public String value() {
        int port = endpoint.allocatedPort();
        if (port == 0) {
            throw new DistributedApplicationException("Endpoint '" + endpoint.name() + "' of resource '"
                    + resource.name() + "' has no allocated port yet: start the resource first.");
        }
        return switch (property.toLowerCase(Locale.ROOT)) {
            case "url" -> endpoint.scheme() + "://localhost:" + port;
            case "host" -> "localhost";
            case "port", "targetport" -> Integer.toString(port);
            case "scheme" -> endpoint.scheme();
            default -> throw new DistributedApplicationException("Unknown endpoint property '" + property + "'.");
        };
    }
}
