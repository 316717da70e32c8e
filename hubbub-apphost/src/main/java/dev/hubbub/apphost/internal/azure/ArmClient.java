package dev.hubbub.apphost.internal.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure Resource Manager over HTTPS with the JDK client: bearer tokens from a {@link TokenCredential}, throttling
 * ({@code 429} + {@code Retry-After}) and transient {@code 5xx} retried, an expired or revoked token refreshed once.
 * Tokens never reach logs or exception messages.
 */
public final class ArmClient {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hubbub.apphost.azure");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_RETRIES = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final TokenCredential credential;
    private final TokenRequestContext scope;
    private final URI base;
    private final Sleeper sleeper;
    // Guarded by this: the token in use, refreshed when it expires or ARM rejects it.
    private @Nullable AccessToken token;

    /** Waits between attempts; tests may shorten nothing but can observe. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    ArmClient(TokenCredential credential, String tokenScope, URI base, Sleeper sleeper) {
        this.credential = credential;
        this.scope = new TokenRequestContext().addScopes(tokenScope);
        this.base = base;
        this.sleeper = sleeper;
    }

    /** One response: status, headers we use, body as JSON (missing node when empty or not JSON). */
    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    URI resolve(String pathAndQuery) {
        return base.resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
    }

    Response get(URI uri) {
        return send("GET", uri, null);
    }

    Response put(URI uri, Object body) {
        try {
            return send("PUT", uri, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize the request body", e);
        }
    }

    /** The signed-in principal's object id, from the {@code oid} claim of the ARM token. */
    String principalId() {
        String jwt = token(false).getToken();
        int first = jwt.indexOf('.');
        int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
        if (second > first) {
            try {
                JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.substring(first + 1, second)));
                if (claims.hasNonNull("oid")) {
                    return claims.get("oid").asText();
                }
            } catch (IOException | IllegalArgumentException e) {
                // fall through to the message below; the token itself is never shown
            }
        }
        throw new ArmException("Cannot tell who is signed in: the access token for Azure Resource Manager has no 'oid' "
                + "claim, which the role assignments need. Sign in as a user or service principal (az login), or set "
                + "AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET.", 0, "");
    }

    private synchronized AccessToken token(boolean refresh) {
        AccessToken t = token;
        if (t == null || refresh || t.getExpiresAt().isBefore(OffsetDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(2))) {
            try {
                t = credential.getTokenSync(scope);
            } catch (RuntimeException e) {
                throw new ArmException("Cannot get an Azure access token: " + e.getClass().getSimpleName() + ": "
                        + firstLine(e.getMessage()) + ". Sign in with az login (or set AZURE_CLIENT_ID, AZURE_TENANT_ID and "
                        + "AZURE_CLIENT_SECRET), and set Azure:TenantId if your account is in several tenants.", 0, "");
            }
            if (t == null) {
                throw new ArmException("The Azure credential returned no access token. Sign in with az login.", 0, "");
            }
            token = t;
        }
        return t;
    }

    private Response send(String method, URI uri, @Nullable String body) {
        boolean refreshed = false;
        int attempt = 0;
        while (true) {
            attempt++;
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(100))
                    .header("Authorization", "Bearer " + token(false).getToken())
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> raw;
            try {
                raw = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (attempt <= MAX_RETRIES) {
                    LOG.warn("{} {} failed ({}); retrying", method, path(uri), e.toString());
                    pause(Duration.ofSeconds(Math.min(30, 1L << attempt)));
                    continue;
                }
                throw new ArmException("Azure Resource Manager at " + base + " cannot be reached: " + e
                        + ". Check the network (and Azure:ResourceManagerEndpoint).", 0, "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArmException("Interrupted while calling Azure Resource Manager.", 0, "");
            }
            Response response = new Response(raw.statusCode(), parse(raw.body()), raw);
            int status = raw.statusCode();
            if (status == 401 && !refreshed) {
                LOG.info("Azure Resource Manager rejected the access token ({}); getting a new one", errorCode(response));
                token(true);
                refreshed = true;
                continue;
            }
            if ((status == 429 || status >= 500) && attempt <= MAX_RETRIES) {
                Duration wait = retryAfter(response).orElse(Duration.ofSeconds(Math.min(30, 1L << attempt)));
                LOG.info("Azure Resource Manager answered {} to {} {}; retrying in {} s (attempt {} of {})", status, method,
                        path(uri), wait.toSeconds(), attempt, MAX_RETRIES);
                pause(wait);
                continue;
            }
            return response;
        }
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArmException("Interrupted while waiting to retry Azure Resource Manager.", 0, "");
        }
    }

    static Optional<Duration> retryAfter(Response r) {
        return r.header("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    static String errorCode(Response r) {
        return r.body().path("error").path("code").asText("");
    }

    static String errorMessage(Response r) {
        return r.body().path("error").path("message").asText("");
    }

    /** The path of a request, for logs: no query (it may carry tokens in SAS-style URLs). */
    static String path(URI uri) {
        return uri.getRawPath();
    }

    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The error of a failed ARM call, with what to do for the common codes.
     *
     * @param what what was being done, e.g. {@code "Creating resource group 'rg'"}
     * @param r the response
     * @return the exception
     */
    static ArmException failure(String what, Response r) {
        String code = errorCode(r);
        String message = errorMessage(r);
        String hint = switch (r.status()) {
            case 401 -> " Azure rejected the credentials even after getting a new token (" + (code.isEmpty() ? "401" : code)
                    + "): sign in again with az login (or renew AZURE_CLIENT_SECRET), then start the app host again.";
            case 403 -> " The signed-in principal lacks permission: it needs Contributor and User Access Administrator "
                    + "(or Owner) on the resource group or subscription, because the deployment also assigns roles.";
            case 404 -> code.equals("SubscriptionNotFound")
                    ? " Check Azure:SubscriptionId and that the signed-in account can see that subscription (az account list)."
                    : "";
            case 429 -> " Azure kept throttling the requests after " + MAX_RETRIES + " retries; wait a few minutes and "
                    + "start the app host again.";
            default -> r.status() >= 500 ? " Azure had a server error after " + MAX_RETRIES + " retries; try again later." : "";
        };
        return new ArmException(what + " failed: HTTP " + r.status() + (code.isEmpty() ? "" : " " + code)
                + (message.isEmpty() ? "" : ": " + message) + "." + hint, r.status(), code);
    }
}
