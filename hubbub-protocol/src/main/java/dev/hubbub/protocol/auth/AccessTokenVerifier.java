package dev.hubbub.protocol.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
   * own clones (see {@link #scratch}), which skips the provider lookup and key setup a fresh {@link Mac} costs.
   */
  private final Map<TokenAlgorithm, List<Mac>> macs = new EnumMap<>(TokenAlgorithm.class);
  /**
   * Each thread's own state for checks ({@link Scratch}): its copies of {@link #macs}, per algorithm (by ordinal) and
   * key, made on the thread's first check with that algorithm, and its buffers. A server checks tokens on a few
   * event-loop threads, so a check copies no MAC and allocates only what its result keeps.
   */
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
  private final Map<String, Header> headers = new ConcurrentHashMap<>();
  private final Map<String, AudienceMatcher.Audience> audiences = new ConcurrentHashMap<>();
  private final Map<String, String> normalizedPaths = new ConcurrentHashMap<>();
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
    Header header = header(token, firstDot);
    Scratch mine = scratch.get();
    byte[] input = mine.input(secondDot + (secondDot - firstDot));
    ascii(token, secondDot, input, "Access token is not a signed JWT: it has characters outside Base64URL.");
    try {
      checkSignature(mine, input, secondDot, token, secondDot + 1, header.algorithm());
    } finally {
      // The signing input and its MAC (the signature, when it matched) make the token, a credential: the thread
      // keeps no copy of it.
      Arrays.fill(mine.signature, (byte) 0);
      Arrays.fill(mine.mac, (byte) 0);
    }
    // The payload decoded behind the signing input in the same buffer (three bytes for every four characters).
    int payloadLength = Base64Url.decode(token, firstDot + 1, secondDot, input, secondDot);
    if (payloadLength < 0) {
      throw new InvalidAccessTokenException("Access token payload is not Base64URL.");
    }
    PayloadClaims read = readClaims(input, secondDot, payloadLength);
    long expires = checkLifetime(read);
    Map<String, List<String>> claims = read.claims();
    List<String> audiences = claims.getOrDefault("aud", List.of());
    if (requestPath != null) {
      checkAudience(audiences, requestPath, requestHub);
    }
    return new VerifiedToken(header.algorithm(), header.keyId(), claims, audiences, Instant.ofEpochSecond(expires));
  }

  /**
   * One thread's buffers for a check: the signing input's bytes followed by the decoded payload, grown to the
   * longest token the thread has seen (never past what {@link Builder#maxTokenLength} admits), and room for a MAC
   * and a signature, whose longest (HS512) is 64 bytes.
   */
  private static final class Scratch {
    final Mac[][] macs = new Mac[TokenAlgorithm.values().length][];
    final byte[] mac = new byte[64];
    final byte[] signature = new byte[64];
    private byte[] input = new byte[512];

    byte[] input(int size) {
      if (input.length < size) {
        input = new byte[size];
      }
      return input;
    }
  }

  /**
   * What the verifier takes from a header: its algorithm (one it accepts) and key id. Issuers send the same header
   * with every token, so a header that passed is remembered by its Base64URL text (at most {@link #MAX_HEADERS},
   * all forgotten when full) and the next token with it skips the JSON.
   */
  private record Header(TokenAlgorithm algorithm, @Nullable String keyId) {}

  /** How many distinct headers are remembered. */
  static final int MAX_HEADERS = 64;

  /** The header last parsed or found: the usual case is one issuer, one header, so its text is compared in place. */
  private volatile @Nullable KnownHeader lastHeader;

  private record KnownHeader(String text, Header header) {}

  /** The header of {@code token}, its first {@code end} characters. */
  private Header header(String token, int end) throws InvalidAccessTokenException {
    KnownHeader last = lastHeader;
    if (last != null && last.text().length() == end && token.startsWith(last.text())) {
      return last.header();
    }
    String encoded = token.substring(0, end);
    Header known = headers.get(encoded);
    if (known == null) {
      known = parseHeader(encoded);
    }
    lastHeader = new KnownHeader(encoded, known);
    return known;
  }

  private Header parseHeader(String encoded) throws InvalidAccessTokenException {
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

  /** The token's first {@code length} characters as bytes into {@code into}, or {@code problem} when one is not ASCII. */
  private static void ascii(String token, int length, byte[] into, String problem) throws InvalidAccessTokenException {
    for (int i = 0; i < length; i++) {
      char c = token.charAt(i);
      if (c >= 0x80) {
        throw new InvalidAccessTokenException(problem);
      }
      into[i] = (byte) c;
    }
  }

  /**
   * The payload's claims (read-only, in payload order) and its {@code exp} and {@code nbf} as read, checked only
   * when needed ({@code nbf} not at all without lifetime checks), so that a bad one fails where it always did.
   */
  private static final class PayloadClaims {
    static final int ABSENT = 0;
    static final int SECONDS = 1;
    static final int NOT_A_NUMBER = 2;
    static final int OUT_OF_RANGE = 3;

    final ClaimMap claims;
    int expState = ABSENT;
    long exp;
    int nbfState = ABSENT;
    long nbf;

    PayloadClaims(ClaimMap claims) {
      this.claims = claims;
    }

    Map<String, List<String>> claims() {
      return claims;
    }

    /** The state of a whole number of seconds: an {@link Instant} holds it with room for a skew, or not. */
    static int stateOf(long seconds) {
      boolean inRange = seconds >= -Instant.MAX.getEpochSecond() / 2 && seconds <= Instant.MAX.getEpochSecond() / 2;
      return inRange ? SECONDS : OUT_OF_RANGE;
    }

    /** {@code name}'s seconds, or the failure its value calls for. */
    static long seconds(int state, long seconds, String name) throws InvalidAccessTokenException {
      if (state == NOT_A_NUMBER) {
        throw new InvalidAccessTokenException("Access token claim " + name + " is not a number of seconds.");
      }
      if (state == OUT_OF_RANGE) {
        throw new InvalidAccessTokenException("Access token claim " + name + " is out of range.");
      }
      return seconds;
    }
  }

  /**
   * Reads the payload field by field, each value as reading the whole payload as a tree would render it: strings,
   * whole numbers that fit a long, booleans and null straight to their text, anything else through a tree of that
   * value. No tree of the whole object is built. A repeated name keeps its first place and its last value, as a
   * tree keeps it.
   */
  private static PayloadClaims readClaims(byte[] json, int offset, int length) throws InvalidAccessTokenException {
    LinkedHashMap<String, List<String>> claims = new LinkedHashMap<>();
    PayloadClaims read = new PayloadClaims(new ClaimMap(claims));
    try (JsonParser parser = JSON.createParser(json, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidAccessTokenException("Access token payload is not a JSON object.");
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        boolean exp = name.equals("exp");
        boolean lifetime = exp || name.equals("nbf");
        String text = scalarText(parser, token);
        int state = PayloadClaims.ABSENT;
        long seconds = 0;
        if (text != null) {
          claims.put(name, List.of(text));
          if (lifetime && token == JsonToken.VALUE_NUMBER_INT) {
            seconds = parser.getLongValue();
            state = PayloadClaims.stateOf(seconds);
          } else if (lifetime && token != JsonToken.VALUE_NULL) {
            state = PayloadClaims.NOT_A_NUMBER;
          }
        } else {
          JsonNode tree = parser.readValueAsTree();
          JsonNode value = tree == null ? NullNode.getInstance() : tree;
          claims.put(name, values(value));
          if (lifetime && !value.isNull()) {
            if (!value.isNumber() || !value.canConvertToLong()) {
              state = PayloadClaims.NOT_A_NUMBER;
            } else {
              seconds = value.asLong();
              state = PayloadClaims.stateOf(seconds);
            }
          }
        }
        if (exp) {
          read.expState = state;
          read.exp = seconds;
        } else if (lifetime) {
          read.nbfState = state;
          read.nbf = seconds;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new InvalidAccessTokenException("Access token payload is not JSON.", e);
    }
    return read;
  }

  /**
   * The text a tree's node for this value would give ({@link JsonNode#asText()}), for strings, whole numbers that
   * fit a long, booleans and null; null for anything else (read as a tree).
   */
  private static @Nullable String scalarText(JsonParser parser, @Nullable JsonToken token) throws java.io.IOException {
    if (token == null) {
      return null;
    }
    switch (token) {
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.INT) {
          return Integer.toString(parser.getIntValue());
        }
        return type == JsonParser.NumberType.LONG ? Long.toString(parser.getLongValue()) : null;
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      case VALUE_NULL:
        return "null";
      default:
        return null;
    }
  }

  /** A claim's values: an array's elements, else the one value. */
  private static List<String> values(JsonNode value) {
    if (!value.isArray()) {
      return List.of(text(value));
    }
    String[] values = new String[value.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = text(value.get(i));
    }
    return List.of(values);
  }

  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static TokenAlgorithm algorithm(String alg) throws InvalidAccessTokenException {
    for (TokenAlgorithm a : TokenAlgorithm.values()) {
      if (a.name().equals(alg)) {
        return a;
      }
    }
    throw new InvalidAccessTokenException("Access token algorithm " + alg + " is not accepted; use HS256, HS384 or HS512.");
  }

  /**
   * Checks the signature, characters {@code [signatureFrom, end)} of {@code token}, against the MAC of the first
   * {@code inputLength} bytes of {@code input} under each key.
   */
  private void checkSignature(Scratch mine, byte[] input, int inputLength, String token, int signatureFrom,
      TokenAlgorithm algorithm) throws InvalidAccessTokenException {
    // A signature longer than the buffer is counted, not kept: it matches no MAC.
    int signatureLength = Base64Url.decode(token, signatureFrom, token.length(), mine.signature, 0);
    if (signatureLength < 0) {
      throw new InvalidAccessTokenException("Access token signature is not Base64URL.");
    }
    Mac[] byKey = mine.macs[algorithm.ordinal()];
    if (byKey == null) {
      byKey = new Mac[keys.size()];
      mine.macs[algorithm.ordinal()] = byKey;
    }
    List<Mac> initialised = Objects.requireNonNull(macs.get(algorithm));
    for (int i = 0; i < initialised.size(); i++) {
      try {
        Mac mac = byKey[i];
        if (mac == null) {
          mac = copy(initialised.get(i), algorithm, keys.get(i));
          byKey[i] = mac;
        }
        // doFinal leaves the MAC as initialised, ready for this thread's next token.
        mac.update(input, 0, inputLength);
        int macLength = mac.getMacLength();
        mac.doFinal(mine.mac, 0);
        if (signatureLength == macLength && sameBytes(mine.mac, mine.signature, macLength)) {
          return;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        byKey[i] = null; // in whatever state the failure left it: the next check starts from a fresh copy
        // Reported like any other failed check: the input decides the outcome, never a crash.
        throw new InvalidAccessTokenException("Access token signature could not be checked with "
            + jca(algorithm) + ": " + e.getMessage(), e);
      }
    }
    throw new InvalidAccessTokenException("Access token signature does not match any access key.");
  }

  /** Whether the first {@code length} bytes of {@code a} and {@code b} are equal, in time that does not depend on where they differ. */
  private static boolean sameBytes(byte[] a, byte[] b, int length) {
    int difference = 0;
    for (int i = 0; i < length; i++) {
      difference |= a[i] ^ b[i];
    }
    return difference == 0;
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

  /** The token's {@code exp} in seconds, after the lifetime checks. */
  private long checkLifetime(PayloadClaims payload) throws InvalidAccessTokenException {
    if (payload.expState == PayloadClaims.ABSENT) {
      throw new InvalidAccessTokenException("Access token has no exp claim.");
    }
    long expires = PayloadClaims.seconds(payload.expState, payload.exp, "exp");
    if (!checkLifetime) {
      return expires;
    }
    Instant now = clock.instant();
    if (expiredAt(now, expires)) {
      throw new InvalidAccessTokenException("Access token expired at " + Instant.ofEpochSecond(expires) + " (now "
          + now + ", skew " + clockSkew.toSeconds() + "s).");
    }
    if (payload.nbfState != PayloadClaims.ABSENT) {
      long notBefore = PayloadClaims.seconds(payload.nbfState, payload.nbf, "nbf");
      if (beforeNotBefore(now, notBefore)) {
        throw new InvalidAccessTokenException("Access token is not valid before " + Instant.ofEpochSecond(notBefore)
            + " (now " + now + ", skew " + clockSkew.toSeconds() + "s).");
      }
    }
    return expires;
  }

  /** Whether {@code now} is past {@code exp} plus the skew (a sum past a long's seconds never is). */
  private boolean expiredAt(Instant now, long exp) {
    long limit;
    try {
      limit = Math.addExact(exp, clockSkew.getSeconds());
    } catch (ArithmeticException e) {
      return false;
    }
    return now.getEpochSecond() > limit || (now.getEpochSecond() == limit && now.getNano() > clockSkew.getNano());
  }

  /** Whether {@code now} plus the skew is before {@code nbf} (a sum past a long's seconds never is). */
  private boolean beforeNotBefore(Instant now, long nbf) {
    long seconds;
    try {
      long carry = now.getNano() + clockSkew.getNano() >= 1_000_000_000 ? 1 : 0;
      seconds = Math.addExact(Math.addExact(now.getEpochSecond(), clockSkew.getSeconds()), carry);
    } catch (ArithmeticException e) {
      return false;
    }
    return seconds < nbf;
  }

  private void checkAudience(List<String> audiences, String requestPath, @Nullable String requestHub)
      throws InvalidAccessTokenException {
    if (audiences.isEmpty()) {
      throw new InvalidAccessTokenException("Access token has no aud claim.");
    }
    String path = normalizedPath(requestPath);
    for (int i = 0; i < audiences.size(); i++) { // indexed: no iterator per check
      AudienceMatcher.Audience aud = audience(audiences.get(i));
      if (aud != null && AudienceMatcher.matchesNormalized(aud, path, requestHub)) {
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

  /**
   * A request path as audiences are compared with it. A server's clients connect on a few paths, so each is
   * normalized once (at most {@link #MAX_AUDIENCES} remembered, all forgotten when full).
   */
  private String normalizedPath(String requestPath) {
    String known = normalizedPaths.get(requestPath);
    if (known == null) {
      known = AudienceMatcher.normalize(requestPath);
      if (normalizedPaths.size() >= MAX_AUDIENCES) {
        normalizedPaths.clear();
      }
      normalizedPaths.put(requestPath, known);
    }
    return known;
  }

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
