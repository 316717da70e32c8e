package dev.hubbub.apphost.redis;

import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.EndpointReference;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ReferenceExpression;
import dev.hubbub.apphost.ResourceBase;
import dev.hubbub.apphost.ResourceWithConnectionString;
import dev.hubbub.apphost.UriEncodedValue;
import dev.hubbub.apphost.ValueProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Redis server, Aspire's {@code RedisResource}: one endpoint named {@code tcp} (target port 6379) and a password
 * parameter. Its connection string is StackExchange.Redis's form,
 * {@code {name.bindings.tcp.host}:{name.bindings.tcp.port},password={name-password.value}} in the manifest and
 * {@code localhost:<port>,password=<password>} in run mode. In run mode Hubbub runs {@code redis-server} from the
 * PATH; in publish mode the resource is Aspire's Redis container ({@code docker.io/library/redis}).
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class RedisResource extends ResourceBase implements ResourceWithConnectionString {

    /** The name of the endpoint, as Aspire names it. */
    public static final String PRIMARY_ENDPOINT_NAME = "tcp";
    /** The port Redis listens on inside its container. */
    public static final int TARGET_PORT = 6379;

    private final ParameterResource password;
    private final EndpointAnnotation endpoint;

    /**
     * @param name resource name, also the connection name ({@code ConnectionStrings__<name>})
     * @param password the password parameter
     * @param port the host port in run mode, or null for a free one
     */
    public RedisResource(String name, ParameterResource password, @Nullable Integer port) {
        super(name);
        this.password = Objects.requireNonNull(password, "password");
        // Aspire 13.2 gives the endpoint the URI scheme "redis"; 9.x wrote "tcp" (the manifest writer picks).
        this.endpoint = new EndpointAnnotation(PRIMARY_ENDPOINT_NAME, "redis", port, TARGET_PORT, null);
        annotations().add(endpoint);
    }

    /** @return the password parameter ({@code <name>-password} unless one was given) */
    public ParameterResource passwordParameter() {
        return password;
    }

    /** @return the {@code tcp} endpoint; its allocated port is known once the server runs */
    public EndpointAnnotation primaryEndpoint() {
        return endpoint;
    }

    /** @return the host, {@code {name.bindings.tcp.host}} in the manifest, {@code localhost} in run mode */
    public EndpointReference host() {
        return new EndpointReference(this, endpoint, "host");
    }

    /** @return the port, {@code {name.bindings.tcp.port}} in the manifest */
    public EndpointReference port() {
        return new EndpointReference(this, endpoint, "port");
    }

    /**
     * {@code host:port,password=secret}, StackExchange.Redis's configuration string (Aspire adds {@code ,ssl=true}
     * when the endpoint uses TLS; Hubbub's local server does not).
     */
    @Override
    public ReferenceExpression connectionStringExpression() {
        return ReferenceExpression.builder().value(host()).literal(":").value(port())
                .literal(",password=").value(password).build();
    }

    /**
     * @return {@code redis://:<password, URI-escaped>@host:port}, Aspire 13's {@code UriExpression}
     */
    public ReferenceExpression uriExpression() {
        return ReferenceExpression.builder().value(new EndpointReference(this, endpoint, "scheme")).literal("://:")
                .value(new UriEncodedValue(password)).literal("@").value(host()).literal(":").value(port()).build();
    }

    /** Aspire 13's connection properties: {@code Host}, {@code Port}, {@code Password}, {@code Uri}. */
    @Override
    public Map<String, ValueProvider> connectionProperties() {
        Map<String, ValueProvider> m = new LinkedHashMap<>();
        m.put("Host", host());
        m.put("Port", port());
        m.put("Password", password);
        m.put("Uri", uriExpression());
        return m;
    }
}
