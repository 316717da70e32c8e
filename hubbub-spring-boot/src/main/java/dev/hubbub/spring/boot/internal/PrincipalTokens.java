package dev.hubbub.spring.boot.internal;

import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportUser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Carries the application's authenticated principal (its name and roles) from its own negotiate (where Spring Security ran) to the hub
 * connection: a short-lived token {@code base64url(user).expiry.hmac}, signed with a key made when the application
 * starts and never leaving it. The official clients send the {@code accessToken} of a negotiate redirect on every
 * later request, where this authenticator turns it back into the SignalR user.
 */
public final class PrincipalTokens implements Authenticator {
  /** The query parameter that marks the second negotiate (which the hub transport answers itself), with the token. */
  public static final String MARKER = "hubbub-principal";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key = new byte[32];
  private final Duration lifetime;
  private final Clock clock;

  public PrincipalTokens(Duration lifetime, Clock clock) {
    new SecureRandom().nextBytes(key);
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A token for {@code user} (null: anonymous). */
  public String issue(@Nullable String user) {
    return issue(user, List.of());
  }

  /** A token for {@code user} with its {@code roles} (they become the SignalR user's {@code role} claims). */
  public String issue(@Nullable String user, List<String> roles) {
    StringBuilder who = new StringBuilder(user == null ? "" : "u:" + user);
    if (user != null) {
      for (String role : roles) {
        who.append('\u0000').append(role); // NUL cannot be in a user name or role a person typed
      }
    }
    String payload = B64.encodeToString(who.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + clock.instant().plus(lifetime).getEpochSecond();
    return payload + "." + B64.encodeToString(sign(payload));
  }

  /** The user of a valid token (name, then roles): empty for anonymous, null when invalid or expired. */
  @Nullable List<String> verify(String token) {
    int last = token.lastIndexOf('.');
    int first = token.indexOf('.');
    if (first < 0 || last <= first) {
      return null;
    }
    String payload = token.substring(0, last);
    byte[] signature;
    try {
      signature = B64D.decode(token.substring(last + 1));
      if (!MessageDigest.isEqual(signature, sign(payload))
          || Long.parseLong(payload.substring(first + 1)) < clock.instant().getEpochSecond()) {
        return null;
      }
      String user = new String(B64D.decode(payload.substring(0, first)), StandardCharsets.UTF_8);
      return user.startsWith("u:") ? List.of(user.substring(2).split("\u0000", -1)) : List.of();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Requests without a token, or with one this application did not issue, get 401: every client comes through the
   * application's negotiate, which gives one.
   */
  @Override
  public AuthResult authenticate(TransportRequest request, TransportApplication application) {
    String token = request.queryParam(MARKER);
    if (token == null) {
      token = request.accessToken();
    }
    List<String> user = token == null ? null : verify(token);
    if (user == null) {
      return AuthResult.unauthorized();
    }
    if (user.isEmpty()) {
      return AuthResult.anonymous();
    }
    List<String> roles = user.subList(1, user.size());
    return AuthResult.allow(new TransportUser(user.get(0), roles.isEmpty() ? Map.of() : Map.of("role", roles)));
  }
}
