package dev.hubbub.protocol.negotiate;

import dev.hubbub.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a client asked for in {@code POST {base}/negotiate?negotiateVersion=1&useStatefulReconnect=true}.
 *
 * <p>Query keys are matched case-insensitively, as ASP.NET Core does ({@code NegotiateVersion} and
 * {@code negotiateVersion} are the same key).
 *
 * @param negotiateVersion the negotiate version the server answers with: 0 when the client sent none,
 *     the client's value clamped to {@link #MAX_VERSION}
 * @param useStatefulReconnect whether the client asked for stateful reconnect
 */
public record NegotiateRequest(int negotiateVersion, boolean useStatefulReconnect) {

  /** The highest negotiate version this server speaks; higher client versions are clamped to it. */
  public static final int MAX_VERSION = 1;

  /** The lowest version accepted (ASP.NET Core's default {@code MinimumProtocolVersion}). */
  public static final int MIN_VERSION = 0;

  /**
   * Reads the negotiate parameters from decoded query parameters.
   *
   * @throws ProtocolException with the exact text ASP.NET Core puts in the negotiate {@code error}
   *     field when {@code negotiateVersion} is not an integer or is below {@link #MIN_VERSION}
   */
  public static NegotiateRequest fromQuery(Map<String, ? extends List<String>> query)
      throws ProtocolException {
    String rawVersion = first(query, "negotiateVersion");
    int version = 0;
    if (rawVersion != null) {
      try {
        version = Integer.parseInt(rawVersion);
      } catch (NumberFormatException e) {
        throw new ProtocolException(
            "The client requested an invalid protocol version '" + rawVersion + "'");
      }
      if (version < MIN_VERSION) {
        throw new ProtocolException("The client requested version '" + version
            + "', but the server does not support this version.");
      }
      version = Math.min(version, MAX_VERSION);
    }
    String stateful = first(query, "useStatefulReconnect");
    return new NegotiateRequest(version, "true".equalsIgnoreCase(stateful));
  }

  private static @Nullable String first(Map<String, ? extends List<String>> query, String key) {
    for (Map.Entry<String, ? extends List<String>> e : query.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
