package dev.hubbub.apphost;

import java.nio.charset.StandardCharsets;

/**
 * A parameter's value escaped for a URI (RFC 3986: every byte outside the unreserved set becomes {@code %XX}),
 * Aspire's {@code {param:uri}} format. In the manifest it is {@code {<param>-uri-encoded.value}}, an
 * {@code annotated.string} resource that Aspire writes after the parameter.
 *
 * @param parameter the parameter
 */
public record UriEncodedValue(ParameterResource parameter) implements ValueProvider {

    /** @return the name of the manifest resource standing for this value */
    public String resourceName() {
        return parameter.name() + "-uri-encoded";
    }

    @Override
    public String valueExpression() {
        return "{" + resourceName() + ".value}";
    }

    @Override
    public String value() {
        return encode(parameter.value());
    }

    /**
     * @param s any text
     * @return {@code s} with every UTF-8 byte outside {@code A-Z a-z 0-9 - . _ ~} percent-encoded
     */
    public static String encode(String s) {
        // URLEncoder writes the form encoding; these three differences make it RFC 3986's (only unreserved kept).
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** Names the parameter only: the value is secret. */
    @Override
    public String toString() {
        return "UriEncodedValue[" + parameter.name() + "]";
    }
}
