package dev.hubbub.transport;

/**
 * The texts a client reads when a transport limit refuses a new connection, shared by the Netty transport and the
 * hosts that embed hubs in another server (the Spring servlet bridge), so that a client sees the same answer
 * whichever one it talks to.
 */
public final class LimitMessages {
  private LimitMessages() {
  }

  /** The 503 text past {@link TransportOptions#maxConnections()}. */
  public static String connectionLimitReached(int maxConnections) {
    return "The server has reached its limit of " + maxConnections + " connections.";
  }

  /** The 429 text (sent with {@code Retry-After: 1}) past {@link TransportOptions#maxNegotiationsPerSecondPerIp()}. */
  public static String tooManyNegotiations(String ip, int perSecond) {
    return "Too many connections started from " + ip + ": more than " + perSecond
        + " per second (maxNegotiationsPerSecondPerIp). Retry after a second.";
  }
}
