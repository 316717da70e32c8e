package dev.hubbub.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The login token of the printed URL and the browser cookie it is exchanged for. The cookie carries a
 * separate random value, so the token never sits in the browser's cookie jar. Comparisons take constant time.
 */
public final class TokenAuth {

    /** The cookie's name. */
    public static final String COOKIE = "hubbub_dashboard";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] token;
    private final String session;

    /** @param token the login token, or null for a random one */
    public TokenAuth(@Nullable String token) {
        String t = token == null || token.isBlank() ? random() : token;
        this.token = t.getBytes(StandardCharsets.UTF_8);
        this.session = random();
    }

    /** @return a random 32-byte URL-safe value */
    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** @return the login token */
    public String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /**
     * @param candidate what the login request carried
     * @return whether it is the token
     */
    public boolean isToken(@Nullable String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the {@code Set-Cookie} value a successful login sends */
    public String setCookie() {
        return COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /**
     * @param cookieHeader the request's {@code Cookie} header, or null
     * @return whether it carries the session cookie
     */
    public boolean isSession(@Nullable String cookieHeader) {
        if (cookieHeader == null) {
            return false;
        }
        boolean found = false;
        for (String part : cookieHeader.split(";", -1)) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                String value = p.substring(COOKIE.length() + 1);
                found |= MessageDigest.isEqual(session.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return found;
    }
}
