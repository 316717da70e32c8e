package dev.hubbub.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportUser;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates SignalR requests with JWT bearer tokens, as ASP.NET Core's JwtBearer handler does for hubs: the
 * token comes from {@code Authorization: Bearer} or, where browsers cannot set headers (WebSockets, Server-Sent
 * Events), the {@code access_token} query parameter. It is verified with Nimbus JOSE+JWT: the signature (an HMAC
 * secret, or the keys of a JWKS URL such as an identity provider's), the expiry and not-before with a clock skew
 * (default 5 minutes, as ASP.NET), and the issuer and audience when set. The user id is the {@code sub} claim
 * (else {@code nameid}); every claim becomes a hub claim ({@link HubCallerContext#claims()}), lists as several
 * values.
 *
 * <p>A request without a token, or with one that fails verification, goes on anonymously, as in ASP.NET Core:
 * hubs marked {@link Authorize} then answer 401, others serve the client as anonymous. (The official JavaScript
 * client, after a redirect to a SignalR service, reconnects to the app with the service's token: refusing every
 * unverifiable token would lock such clients out of hubs that need no user.) A failed token is logged once at
 * INFO with the reason, never the token.
 *
 * <pre>{@code
 * HubServer.builder()
 *     .authenticator(JwtBearerAuthenticator.builder()
 *         .hmacSecret(secretBytes)            // or .jwkSetUri(URI.create("https://login.example/keys"))
 *         .issuer("https://login.example")
 *         .audience("chat-api")
 *         .build())
 *     .hub("/chat", ChatHub.class)
 *     .start();
 * }</pre>
 */
public final class JwtBearerAuthenticator implements Authenticator {
  private static final Logger log = LoggerFactory.getLogger(JwtBearerAuthenticator.class);

  /** The algorithms accepted with an HMAC secret. */
  private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
  /** The algorithms accepted with a JWKS (asymmetric keys only: a public key set never verifies an HMAC). */
  private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  private final ConfigurableJWTProcessor<SecurityContext> processor;
  private final List<String> userIdClaims;
  private final String description;

  private JwtBearerAuthenticator(ConfigurableJWTProcessor<SecurityContext> processor, List<String> userIdClaims,
      String description) {
    this.processor = processor;
    this.userIdClaims = userIdClaims;
    this.description = description;
  }

  /** Starts configuring: set exactly one of {@link Builder#hmacSecret} or {@link Builder#jwkSetUri}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AuthResult authenticate(TransportRequest request, TransportApplication application) {
    String token = request.accessToken();
    if (token == null || token.isEmpty()) {
      return AuthResult.anonymous();
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      return refuse(request, "it is not a JWT");
    } catch (BadJOSEException e) {
      return refuse(request, e.getMessage());
    } catch (JOSEException e) {
      return refuse(request, "it could not be verified (" + e.getClass().getSimpleName() + ")");
    }
    return AuthResult.allow(user(claims));
  }

  private static AuthResult refuse(TransportRequest request, @Nullable String reason) {
    // the reason from Nimbus names the failed check (signature, expiry, audience...), never the token
    log.info("Refused the bearer token of a request for {} (going on as anonymous): {}", request.path(), reason);
    return AuthResult.anonymous();
  }

  private TransportUser user(JWTClaimsSet set) {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : set.getClaims().entrySet()) {
      List<String> values = new ArrayList<>();
      Object v = e.getValue();
      if (v instanceof Collection<?> many) {
        for (Object o : many) {
          values.add(String.valueOf(o));
        }
      } else if (v instanceof java.util.Date date) {
        values.add(Long.toString(date.getTime() / 1000)); // as the JWT carried it: seconds since the epoch
      } else if (v != null) {
        values.add(String.valueOf(v));
      }
      claims.put(e.getKey(), List.copyOf(values));
    }
    String id = null;
    for (String claim : userIdClaims) {
      List<String> values = claims.get(claim);
      if (values != null && !values.isEmpty()) {
        id = values.get(0);
        break;
      }
    }
    return new TransportUser(id, claims);
  }

  @Override
  public String toString() {
    return "JwtBearerAuthenticator[" + description + "]";
  }

  /** Configures a {@link JwtBearerAuthenticator}. */
  public static final class Builder {
    private byte @Nullable [] secret;
    private @Nullable URI jwkSetUri;
    private @Nullable String issuer;
    private final Set<String> audiences = new HashSet<>();
    private Duration clockSkew = Duration.ofMinutes(5);
    private List<String> userIdClaims = List.of("sub", "nameid");

    private Builder() {
    }

    /** Verifies HS256/384/512 signatures with this secret (at least 32 bytes, as HS256 requires). */
    public Builder hmacSecret(byte[] secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length < 32) {
        throw new IllegalArgumentException("An HMAC secret must be at least 256 bits (32 bytes), was "
            + secret.length + " bytes");
      }
      this.secret = secret.clone();
      return this;
    }

    /** {@link #hmacSecret(byte[])} with the UTF-8 bytes of {@code secret}. */
    public Builder hmacSecret(String secret) {
      return hmacSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Verifies RSA, EC and EdDSA signatures with the keys published at {@code uri} (an identity provider's
     * {@code jwks_uri}). The set is fetched on first use and cached, refetched when a token names an unknown key
     * (rate-limited), with a retry on network errors.
     */
    public Builder jwkSetUri(URI uri) {
      this.jwkSetUri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** Accepts only tokens whose {@code iss} is exactly {@code issuer} (default: any). */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Accepts only tokens with one of the given audiences in {@code aud} (default: any); adds to earlier ones. */
    public Builder audience(String... audiences) {
      for (String a : audiences) {
        this.audiences.add(Objects.requireNonNull(a, "audience"));
      }
      return this;
    }

    /** The tolerance for {@code exp} and {@code nbf} (default 5 minutes, as ASP.NET Core). */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative() || skew.getSeconds() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("The clock skew must be between zero and " + Integer.MAX_VALUE + " s");
      }
      this.clockSkew = skew;
      return this;
    }

    /** The claims tried in order for the user id (default {@code sub}, then {@code nameid}). */
    public Builder userIdClaims(String... claims) {
      if (claims.length == 0) {
        throw new IllegalArgumentException("Name at least one claim for the user id");
      }
      this.userIdClaims = List.of(claims);
      return this;
    }

    /**
     * Builds the authenticator.
     *
     * @throws IllegalStateException when neither or both of a secret and a JWKS URL are set
     */
    public JwtBearerAuthenticator build() {
      byte[] s = secret;
      URI jwks = jwkSetUri;
      if ((s == null) == (jwks == null)) {
        throw new IllegalStateException("Set exactly one of hmacSecret(..) and jwkSetUri(..) to verify tokens with");
      }
      ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      String description;
      if (s != null) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(HMAC, new ImmutableSecret<>(s)));
        description = "HMAC";
      } else {
        JWKSource<SecurityContext> source;
        try {
          source = JWKSourceBuilder.create(Objects.requireNonNull(jwks).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
          throw new IllegalStateException("The JWKS URL '" + jwks + "' is not a URL Java can fetch", e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, source));
        description = "JWKS " + jwks;
      }
      JWTClaimsSet exact = issuer == null ? new JWTClaimsSet.Builder().build()
          : new JWTClaimsSet.Builder().issuer(issuer).build();
      DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
          audiences.isEmpty() ? null : Set.copyOf(audiences), exact, Set.of("exp"), Set.of());
      verifier.setMaxClockSkew((int) clockSkew.getSeconds());
      processor.setJWTClaimsSetVerifier(verifier);
      if (issuer != null) {
        description += ", issuer " + issuer;
      }
      if (!audiences.isEmpty()) {
        description += ", audiences " + audiences;
      }
      return new JwtBearerAuthenticator(processor, userIdClaims, description);
    }
  }
}
