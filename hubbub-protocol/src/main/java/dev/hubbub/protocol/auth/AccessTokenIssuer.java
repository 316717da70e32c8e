package dev.hubbub.protocol.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import dev.hubbub.protocol.connection.ConnectionString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Issues access tokens the way the Azure SignalR SDKs do, byte for byte: header
 * {@code {"alg":"HS256","typ":"JWT"[,"kid":"..."]}}, payload with the caller's claims first, then
 * {@code nbf}, {@code exp}, {@code iat} (epoch seconds, {@code nbf = iat = now}) and {@code aud}; no
 * {@code iss}. The key is the UTF-8 bytes of the access key string. Immutable and thread-safe.
 */
public final class AccessTokenIssuer {
  /** The longest token the service accepts, in characters. */
  public static final int MAX_TOKEN_LENGTH = 4096;
  /** The SDKs' default token lifetime. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private static final JsonFactory JSON = new JsonFactory();

  private final MACSigner signer;
  private final TokenAlgorithm algorithm;
  private final @Nullable String keyId;
  private final Clock clock;
  private final Duration lifetime;

  private AccessTokenIssuer(Builder b) {
    byte[] key = b.accessKey.getBytes(StandardCharsets.UTF_8);
    if (key.length < b.algorithm.minKeyBytes()) {
      throw new IllegalArgumentException("The access key is " + key.length + " bytes long; " + b.algorithm
          + " needs at least " + b.algorithm.minKeyBytes() + " bytes. Use a longer AccessKey"
          + (b.algorithm == TokenAlgorithm.HS256 ? "." : " or HS256."));
    }
    try {
      this.signer = new MACSigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("The access key cannot sign " + b.algorithm + " tokens.", e);
    }
    this.algorithm = b.algorithm;
    this.keyId = b.keyId;
    this.clock = b.clock;
    this.lifetime = b.lifetime;
  }

  /** A builder for an issuer signing with {@code accessKey}. */
  public static Builder builder(String accessKey) {
    return new Builder(accessKey);
  }

  /**
   * A builder for an issuer signing with the access key of {@code connection}.
   *
   * @throws IllegalArgumentException if the connection string has no access key (identity auth)
   */
  public static Builder builder(ConnectionString connection) {
    return new Builder(connection.accessKey().orElseThrow(() -> new IllegalArgumentException(
        "The connection string uses AuthType " + connection.authType().value().orElse("azure")
            + " and has no AccessKey, so tokens cannot be signed locally. Add AccessKey=... to it.")));
  }

  /** A token for {@code audience} with the default lifetime of this issuer. */
  public String issue(String audience, TokenClaims claims) {
    return issue(audience, claims, lifetime);
  }

  /**
   * A token for {@code audience} valid for {@code lifetime} from now.
   *
   * @throws AccessTokenTooLongException if the token is longer than {@value #MAX_TOKEN_LENGTH} characters
   */
  public String issue(String audience, TokenClaims claims, Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
    }
    long now = clock.instant().getEpochSecond();
    try {
      JWSObject jws = new JWSObject(JWSHeader.parse(Base64URL.encode(header())),
          new Payload(Base64URL.encode(payload(claims, now, now + lifetime.toSeconds(), audience))));
      jws.sign(signer);
      String token = jws.serialize();
      if (token.length() > MAX_TOKEN_LENGTH) {
        throw new AccessTokenTooLongException();
      }
      return token;
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("Could not sign a token: " + e.getMessage(), e);
    }
  }

  private byte[] header() {
    return json(g -> {
      g.writeStringField("alg", algorithm.name());
      g.writeStringField("typ", "JWT");
      if (keyId != null) {
        g.writeStringField("kid", keyId);
      }
    });
  }

  private static byte[] payload(TokenClaims claims, long now, long expires, String audience) {
    return json(g -> {
      for (Map.Entry<String, List<String>> claim : claims.values().entrySet()) {
        if (claim.getValue().size() == 1) {
          g.writeStringField(claim.getKey(), claim.getValue().get(0));
        } else {
          g.writeArrayFieldStart(claim.getKey());
          for (String v : claim.getValue()) {
            g.writeString(v);
          }
          g.writeEndArray();
        }
      }
      g.writeNumberField("nbf", now);
      g.writeNumberField("exp", expires);
      g.writeNumberField("iat", now);
      g.writeStringField("aud", audience);
    });
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Options of an {@link AccessTokenIssuer}. */
  public static final class Builder {
    private final String accessKey;
    private TokenAlgorithm algorithm = TokenAlgorithm.HS256;
    private @Nullable String keyId;
    private Clock clock = Clock.systemUTC();
    private Duration lifetime = DEFAULT_LIFETIME;

    private Builder(String accessKey) {
      this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
    }

    /** The signing algorithm; HS256 by default. */
    public Builder algorithm(TokenAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm);
      return this;
    }

    /** The {@code kid} header; none by default (the service ignores it for local keys). */
    public Builder keyId(@Nullable String keyId) {
      this.keyId = keyId;
      return this;
    }

    /** The clock for {@code nbf}, {@code iat} and {@code exp}; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The default lifetime of issued tokens; 1 hour by default. */
    public Builder lifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * The issuer.
     *
     * @throws IllegalArgumentException if the access key is too short for the algorithm
     */
    public AccessTokenIssuer build() {
      return new AccessTokenIssuer(this);
    }
  }
}
