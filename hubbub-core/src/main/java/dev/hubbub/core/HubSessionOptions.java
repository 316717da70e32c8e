package dev.hubbub.core;

import dev.hubbub.protocol.hub.HubProtocolOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the hub layer for one endpoint.
 *
 * @param protocols the hub protocols' settings; {@code maxMessageSize} bounds the handshake request and
 *     every hub message
 * @param handshakeTimeout how long a client has to complete its handshake (ASP.NET's 15 s)
 * @param keepAliveInterval how long the server stays silent before it pings the client (15 s)
 * @param clientTimeout how long the client may stay silent once it has pinged (30 s)
 * @param maxInvocationsPerSecond invocations (and stream invocations) one connection may send per second; past it
 *     the connection is closed with a reason naming the limit. 0 (the default) for no limit
 * @param maxInvocationsPerSecondPerIp the same for all connections from one client IP address of this endpoint
 *     together; 0 (the default) for no limit
 */
public record HubSessionOptions(HubProtocolOptions protocols, Duration handshakeTimeout, Duration keepAliveInterval,
    Duration clientTimeout, int maxInvocationsPerSecond, int maxInvocationsPerSecondPerIp) {

  /** ASP.NET Core's defaults: 32 KB messages, 15 s handshake, 15 s keep-alive, 30 s client timeout, no rate limit. */
  public static final HubSessionOptions DEFAULTS = new HubSessionOptions(HubProtocolOptions.DEFAULTS,
      Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(30));

  /** Settings without invocation rate limits. */
  public HubSessionOptions(HubProtocolOptions protocols, Duration handshakeTimeout, Duration keepAliveInterval,
      Duration clientTimeout) {
    this(protocols, handshakeTimeout, keepAliveInterval, clientTimeout, 0, 0);
  }

  /** These settings with invocation rate limits (0 for none). */
  public HubSessionOptions withInvocationRateLimits(int perConnection, int perIp) {
    return new HubSessionOptions(protocols, handshakeTimeout, keepAliveInterval, clientTimeout, perConnection, perIp);
  }

  /** Validates the settings. */
  public HubSessionOptions {
    Objects.requireNonNull(protocols, "protocols");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(keepAliveInterval, "keepAliveInterval");
    requirePositive(clientTimeout, "clientTimeout");
    if (maxInvocationsPerSecond < 0 || maxInvocationsPerSecondPerIp < 0) {
      throw new IllegalArgumentException("invocation rate limits must be 0 (none) or positive: "
          + maxInvocationsPerSecond + ", " + maxInvocationsPerSecondPerIp);
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** The largest handshake request or hub message accepted, in bytes. */
  public int maxMessageSize() {
    return protocols.maxMessageSize();
  }
}
