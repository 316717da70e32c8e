package dev.hubbub.apphost;

/**
 * An HTTP health check: the resource is healthy when {@code GET <endpoint url><path>} answers
 * {@code expectedStatus}.
 *
 * @param endpointName name of the resource's endpoint
 * @param path request path, starting with {@code /}
 * @param expectedStatus HTTP status meaning healthy
 */
public record HealthCheckAnnotation(String endpointName, String path, int expectedStatus) implements ResourceAnnotation {
    /** The Aspire health check key: {@code {resource}_{endpoint}_{path}_{status}_check}. @param resource resource name @return the key */
    public String key(String resource) {
        return resource + "_" + endpointName + "_" + path + "_" + expectedStatus + "_check";
    }
}
