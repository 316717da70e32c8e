package dev.hubbub.protocol.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies access tokens presented to the service: HMAC signature (HS256, HS384 or HS512) against any of
 * the configured access keys ({@code kid} is ignored: local SDK key ids are random per process), then
 * {@code exp} (required) and {@code nbf} within a clock skew, then, when a request URL is given, the
 * audience by path (see {@link #verify(String, URI)}). Immutable and thread-safe.
 */
public final class AccessTokenVerifier {
  /** The default tolerance for clock differences when checking {@code exp} and {@code nbf}. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
  /** The default longest token accepted, in characters; longer input is rejected before parsing. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<byte[]> keys;
  /**
   * Per algorithm, a MAC initialised with each key, in key order. Never used directly: threads check with their
   * own clones ({@link #threadMacs}), which skips the provider lookup and key setup a fresh {@link Mac} costs.
   */
  private final Map<TokenAlgorithm, List<Mac>> macs = new EnumMap<>(TokenAlgorithm.class);
  /**
   * Each thread's own copies of {@link #macs}, per algorithm (by ordinal) and key, made on the thread's first check
   * with that algorithm: a server checks tokens on a few event-loop threads, so a check costs no copy.
   */
  private final ThreadLocal<Mac[][]> threadMacs =
      ThreadLocal.withInitial(() -> new Mac[TokenAlgorithm.values().length][]);
  private final Map<String, Header> headers = new ConcurrentHashMap<>();
  private final Map<String, AudienceMatcher.Audience> audiences = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration clockSkew;
  private final boolean checkLifetime;
  private final int maxTokenLength;

  private AccessTokenVerifier(Builder b) {
    this.keys = List.copyOf(b.keys);
    for (TokenAlgorithm algorithm : TokenAlgorithm.values()) {
      List<Mac> initialised = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        try {
          initialised.add(newMac(algorithm, key));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(jca(algorithm) + " is not available in this JVM", e);
        }
      }
      macs.put(algorithm, List.copyOf(initialised));
    }
    this.clock = b.clock;
    this.clockSkew = b.clockSkew;
    this.checkLifetime = b.checkLifetime;
    this.maxTokenLength = b.maxTokenLength;
  }

  /** A builder for a verifier accepting tokens signed with {@code accessKey} (add more with {@link Builder#key}). */
  public static Builder builder(String accessKey) {
    return new Builder().key(accessKey);
  }

  /**
   * Verifies signature and lifetime, without looking at the audience.
   *
   * @throws InvalidAccessTokenException naming the check that failed
   */
  public VerifiedToken verify(String token) throws InvalidAccessTokenException {
    return verify(token, null);
  }

  /**
   * Verifies signature, lifetime and, when {@code requestUrl} is not null, that some {@code aud} matches the
   * URL's path: the audience path equals the request path or is a whole-segment prefix of it, compared
   * case-insensitively with {@code /api/v1/} read as {@code /api/}; scheme, host, port and query are ignored
   * except that an audience naming {@code hub=} must name the request's hub. So a token for
   * {@code http://localhost/client/?hub=chat} verifies on {@code http://localhost:8888/client/negotiate?hub=chat}.
   *
   * @throws InvalidAccessTokenException naming the check that failed
   */
  public VerifiedToken verify(String token, @Nullable URI requestUrl) throws InvalidAccessTokenException {
    return requestUrl == null ? verify(token, null, null)
        : verify(token, Objects.requireNonNullElse(requestUrl.getPath(), ""),
            AudienceMatcher.hubParameter(requestUrl.getRawQuery()));
  }

  /**
   * As {@link #verify(String, URI)} for a request whose URL has this decoded path and {@code hub} query parameter:
   * for callers that hold the request's parts already (a server's request object), so that no URL is put
   * together and parsed again for each token.
   *
   * @param requestPath the request's decoded path ({@code /client/}), or null to skip the audience check
   * @param requestHub the request's decoded {@code hub} query parameter, or null when it has none
   * @throws InvalidAccessTokenException naming the check that failed
   */
  public VerifiedToken verify(String token, @Nullable String requestPath, @Nullable String requestHub)
      throws InvalidAccessTokenException {
    if (token.length() > maxTokenLength) {
      throw new InvalidAccessTokenException("Access token is " + token.length() + " characters long; at most "
          + maxTokenLength + " are accepted.");
    }
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      throw new InvalidAccessTokenException(
          "Access token is not a signed JWT: it must be three Base64URL parts separated by dots.");
    }
    Header header = header(token.substring(0, firstDot));
    byte[] input = ascii(token, 0, secondDot, "Access token is not a signed JWT: it has characters outside Base64URL.");
    checkSignature(input, signature(token, secondDot + 1), header.algorithm());
    ByteBuffer payload;
    try {
      payload = Base64.getUrlDecoder().decode(ByteBuffer.wrap(input, firstDot + 1, secondDot - firstDot - 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidAccessTokenException("Access token payload is not Base64URL.", e);
    }
    Claims read = readClaims(payload);
    Instant expires = checkLifetime(read);
    Map<String, List<String>> claims = read.claims();
    List<String> audiences = claims.getOrDefault("aud", List.of());
    if (requestPath != null) {
      checkAudience(audiences, requestPath, requestHub);
    }
    return new VerifiedToken(header.algorithm(), header.keyId(), claims, audiences, expires);
  }

  /**
   * What the verifier takes from a header: its algorithm (one it accepts) and key id. Issuers send the same header
   * with every token, so a header that passed is remembered by its Base64URL text (at most {@link #MAX_HEADERS},
   * all forgotten when full) and the next token with it skips the JSON.
   */
  private record Header(TokenAlgorithm algorithm, @Nullable String keyId) {}

  /** How many distinct headers are remembered. */
  static final int MAX_HEADERS = 64;

  private Header header(String encoded) throws InvalidAccessTokenException {
    Header known = headers.get(encoded);
    if (known != null) {
      return known;
    }
    JWSHeader parsed;
    try {
      parsed = JWSHeader.parse(new Base64URL(encoded));
    } catch (ParseException | RuntimeException e) {
      throw new InvalidAccessTokenException("Access token is not a signed JWT: " + e.getMessage(), e);
    }
    TokenAlgorithm algorithm = algorithm(parsed.getAlgorithm().getName());
    if (parsed.getCriticalParams() != null && !parsed.getCriticalParams().isEmpty()) {
      throw new InvalidAccessTokenException("Access token has critical header parameters "
          + parsed.getCriticalParams() + ", which are not supported.");
    }
    Header header = new Header(algorithm, parsed.getKeyID());
    if (headers.size() >= MAX_HEADERS) {
      headers.clear();
    }
    headers.put(encoded, header);
    return header;
  }

  /** The characters {@code [from, to)} of the token as bytes, or {@code problem} when one is not ASCII. */
  private static byte[] ascii(String token, int from, int to, String problem) throws InvalidAccessTokenException {
    byte[] bytes = new byte[to - from];
    for (int i = 0; i < bytes.length; i++) {
      char c = token.charAt(from + i);
      if (c >= 0x80) {
        throw new InvalidAccessTokenException(problem);
      }
      bytes[i] = (byte) c;
    }
    return bytes;
  }

  /** The signature's bytes. */
  private static byte[] signature(String token, int from) throws InvalidAccessTokenException {
    byte[] encoded = ascii(token, from, token.length(), "Access token signature is not Base64URL.");
    try {
      return Base64.getUrlDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidAccessTokenException("Access token signature is not Base64URL.", e);
    }
  }

  /** The payload's claims, and its {@code exp} and {@code nbf} as JSON (null when absent). */
  private record Claims(Map<String, List<String>> claims, @Nullable JsonNode exp, @Nullable JsonNode nbf) {}

  /**
   * Reads the payload field by field: each value becomes a small tree node (what reading the whole payload as a
   * tree makes of it), and no tree of the whole object is built. A repeated name keeps its first place and its
   * last value, as a tree keeps it.
   */
  private static Claims readClaims(ByteBuffer json) throws InvalidAccessTokenException {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    JsonNode exp = null;
    JsonNode nbf = null;
    try (JsonParser parser = JSON.createParser(json.array(), json.arrayOffset() + json.position(), json.remaining())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidAccessTokenException("Access token payload is not a JSON object.");
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String name = parser.currentName();
        JsonNode value = readValue(parser, parser.nextToken());
        if (name.equals("exp")) {
          exp = value;
        } else if (name.equals("nbf")) {
          nbf = value;
        }
        claims.put(name, values(value));
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new InvalidAccessTokenException("Access token payload is not JSON.", e);
    }
    return new Claims(claims, exp, nbf);
  }

  private static TokenAlgorithm algorithm(String alg) throws InvalidAccessTokenException {
    for (TokenAlgorithm a : TokenAlgorithm.values()) {
      if (a.name().equals(alg)) {
        return a;
      }
    }
    throw new InvalidAccessTokenException("Access token algorithm " + alg + " is not accepted; use HS256, HS384 or HS512.");
  }

  private void checkSignature(byte[] input, byte[] signature, TokenAlgorithm algorithm)
      throws InvalidAccessTokenException {
    Mac[][] byAlgorithm = threadMacs.get();
    Mac[] mine = byAlgorithm[algorithm.ordinal()];
    if (mine == null) {
      mine = new Mac[keys.size()];
      byAlgorithm[algorithm.ordinal()] = mine;
    }
    List<Mac> initialised = Objects.requireNonNull(macs.get(algorithm));
    for (int i = 0; i < initialised.size(); i++) {
      try {
        Mac mac = mine[i];
        if (mac == null) {
          mac = copy(initialised.get(i), algorithm, keys.get(i));
          mine[i] = mac;
        }
        // doFinal leaves the MAC as initialised, ready for this thread's next token.
        if (MessageDigest.isEqual(mac.doFinal(input), signature)) {
          return;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        mine[i] = null; // in whatever state the failure left it: the next check starts from a fresh copy
        // Reported like any other failed check: the input decides the outcome, never a crash.
        throw new InvalidAccessTokenException("Access token signature could not be checked with "
            + jca(algorithm) + ": " + e.getMessage(), e);
      }
    }
    throw new InvalidAccessTokenException("Access token signature does not match any access key.");
  }

  private static String jca(TokenAlgorithm algorithm) {
    return switch (algorithm) {
      case HS256 -> "HmacSHA256";
      case HS384 -> "HmacSHA384";
      case HS512 -> "HmacSHA512";
    };
  }

  private static Mac newMac(TokenAlgorithm algorithm, byte[] key) throws GeneralSecurityException {
    Mac mac = Mac.getInstance(jca(algorithm));
    mac.init(new SecretKeySpec(key, jca(algorithm)));
    return mac;
  }

  /** A MAC in the initialised state of {@code prototype}: its clone, or a new one where the provider cannot clone. */
  private static Mac copy(Mac prototype, TokenAlgorithm algorithm, byte[] key) throws GeneralSecurityException {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return newMac(algorithm, key);
    }
  }

  private Instant checkLifetime(Claims payload) throws InvalidAccessTokenException {
    Instant expires = epochSeconds(payload.exp(), "exp");
    if (expires == null) {
      throw new InvalidAccessTokenException("Access token has no exp claim.");
    }
    if (!checkLifetime) {
      return expires;
    }
    Instant now = clock.instant();
    if (now.isAfter(expires.plus(clockSkew))) {
      throw new InvalidAccessTokenException("Access token expired at " + expires + " (now " + now + ", skew "
          + clockSkew.toSeconds() + "s).");
    }
    Instant notBefore = epochSeconds(payload.nbf(), "nbf");
    if (notBefore != null && now.plus(clockSkew).isBefore(notBefore)) {
      throw new InvalidAccessTokenException("Access token is not valid before " + notBefore + " (now " + now
          + ", skew " + clockSkew.toSeconds() + "s).");
    }
    return expires;
  }

  private static @Nullable Instant epochSeconds(@Nullable JsonNode node, String name)
      throws InvalidAccessTokenException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !node.canConvertToLong()) {
      throw new InvalidAccessTokenException("Access token claim " + name + " is not a number of seconds.");
    }
    long seconds = node.asLong();
    if (seconds < -Instant.MAX.getEpochSecond() / 2 || seconds > Instant.MAX.getEpochSecond() / 2) {
      throw new InvalidAccessTokenException("Access token claim " + name + " is out of range.");
    }
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * The value the parser is at, as the node reading the whole payload as a tree would make of it. Strings, whole
   * numbers that fit a long, booleans and null are made here; anything else is read as a tree, which costs a
   * deserialization context per call.
   */
  private static JsonNode readValue(JsonParser parser, @Nullable JsonToken token) throws java.io.IOException {
    if (token != null) {
      switch (token) {
        case VALUE_STRING:
          return TextNode.valueOf(parser.getText());
        case VALUE_NUMBER_INT:
          JsonParser.NumberType type = parser.getNumberType();
          if (type == JsonParser.NumberType.INT) {
            return IntNode.valueOf(parser.getIntValue());
          }
          if (type == JsonParser.NumberType.LONG) {
            return LongNode.valueOf(parser.getLongValue());
          }
          break;
        case VALUE_TRUE:
          return BooleanNode.TRUE;
        case VALUE_FALSE:
          return BooleanNode.FALSE;
        case VALUE_NULL:
          return NullNode.getInstance();
        default:
          break;
      }
    }
    JsonNode tree = parser.readValueAsTree();
    return tree == null ? NullNode.getInstance() : tree;
  }

  /** A claim's values: an array's elements, else the one value. */
  private static List<String> values(JsonNode value) {
    if (!value.isArray()) {
      return List.of(text(value));
    }
    List<String> values = new ArrayList<>(value.size());
    value.forEach(v -> values.add(text(v)));
    return values;
  }

  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private void checkAudience(List<String> audiences, String requestPath, @Nullable String requestHub)
      throws InvalidAccessTokenException {
    if (audiences.isEmpty()) {
      throw new InvalidAccessTokenException("Access token has no aud claim.");
    }
    for (String audience : audiences) {
      AudienceMatcher.Audience aud = audience(audience);
      if (aud != null && AudienceMatcher.matches(aud, requestPath, requestHub)) {
        return;
      }
    }
    throw new InvalidAccessTokenException("Access token audience " + audiences + " does not match the request "
        + "path " + requestPath + " (compared by path and hub parameter).");
  }

  /**
   * An audience parsed. The tokens of one hub share their audience, so parsed audiences are remembered by their
   * text (at most {@link #MAX_AUDIENCES}, all forgotten when full); one that is not a URI is parsed each time.
   */
  private AudienceMatcher.@Nullable Audience audience(String audience) {
    AudienceMatcher.Audience known = audiences.get(audience);
    if (known == null) {
      known = AudienceMatcher.parse(audience);
      if (known != null) {
        if (audiences.size() >= MAX_AUDIENCES) {
          audiences.clear();
        }
        audiences.put(audience, known);
      }
    }
    return known;
  }

  /** How many distinct audiences are remembered. */
  static final int MAX_AUDIENCES = 64;

  /** Options of an {@link AccessTokenVerifier}. */
  public static final class Builder {
    private final List<byte[]> keys = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private boolean checkLifetime = true;
    private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;

    private Builder() {}

    /** Also accepts tokens signed with {@code accessKey} (for example a secondary key). */
    public Builder key(String accessKey) {
      if (accessKey.isEmpty()) {
        throw new IllegalArgumentException("An access key must not be empty.");
      }
      keys.add(accessKey.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** The clock for lifetime checks; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The tolerance for {@code exp} and {@code nbf}; 5 minutes by default. */
    public Builder clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** Whether {@code exp} and {@code nbf} are checked against the clock (true by default); {@code exp} stays required. */
    public Builder checkLifetime(boolean checkLifetime) {
      this.checkLifetime = checkLifetime;
      return this;
    }

    /** The longest token accepted, in characters; 16384 by default. */
    public Builder maxTokenLength(int maxTokenLength) {
      if (maxTokenLength <= 0) {
        throw new IllegalArgumentException("maxTokenLength must be positive: " + maxTokenLength);
      }
      this.maxTokenLength = maxTokenLength;
      return this;
    }

    /** The verifier. */
    public AccessTokenVerifier build() {
      return new AccessTokenVerifier(this);
    }
  }
}
