package dev.hubbub.apphost.azurefake;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Hands out unsigned JWTs with an {@code oid} claim: {@code SECRET-TOKEN-<n>} marks each one, so a test can check that
 * no token reaches logs or messages. {@link #failWith} makes the next requests fail as a signed-out CLI does.
 */
public final class FakeCredential implements TokenCredential {

    /** The object id in every token. */
    public static final String OID = "11111111-2222-3333-4444-555555555555";
    /** Every token contains this text. */
    public static final String MARKER = "SECRET-TOKEN-";

    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> scopes = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    /** @param e thrown by every following request, or null to issue tokens again */
    public void failWith(RuntimeException e) {
        this.failure = e;
    }

    /** @return how many tokens were issued */
    public int issued() {
        return issued.get();
    }

    /** @return the scopes asked for */
    public List<String> scopes() {
        return scopes;
    }

    /** @param n the token number @return the n-th token (1-based) */
    public static String token(int n) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"oid\":\"" + OID + "\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + MARKER + n;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        scopes.addAll(request.getScopes());
        return new AccessToken(token(issued.incrementAndGet()), OffsetDateTime.now().plusHours(1));
    }
}
