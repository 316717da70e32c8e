package dev.hubbub.service.redis;

import dev.hubbub.server.redis.RedisBackplaneOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of a {@link RedisServiceBackplane}.
 *
 * @param uri where Redis is, {@code redis://[[user]:password@]host[:port][/database]} ({@code rediss://} for TLS);
 *     the password never appears in {@link #toString()}, logs or error messages
 * @param channelPrefix put before every channel and key name ({@code hubbub-service}); nodes with the same Redis and
 *     prefix form one service
 * @param nodeName this node's name on the wire ({@code <prefix>:nodes:reply:<nodeName>}); random by default, new
 *     on each start
 * @param queryTimeout how long an operation that asks every node (an existence check, a close, a group change for
 *     a connection elsewhere, a group listing) waits for all their answers before it fails (5 s)
 * @param commandTimeout how long one Redis command may take before it fails (2 s)
 * @param announceInterval how often a node tells the others which hubs have app servers on it (1 s); an
 *     announcement lives three intervals
 */
public record RedisServiceBackplaneOptions(String uri, String channelPrefix, String nodeName, Duration queryTimeout,
    Duration commandTimeout, Duration announceInterval) {

  public RedisServiceBackplaneOptions {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(channelPrefix, "channelPrefix");
    Objects.requireNonNull(nodeName, "nodeName");
    // Checks the URI's scheme with a message that hides the password.
    RedisBackplaneOptions.builder(uri).build();
    if (channelPrefix.isEmpty() || nodeName.isEmpty()) {
      throw new IllegalArgumentException("channelPrefix and nodeName must not be empty");
    }
    positive("queryTimeout", queryTimeout);
    positive("commandTimeout", commandTimeout);
    positive("announceInterval", announceInterval);
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** Options for Redis at {@code uri} with every other setting at its default. */
  public static RedisServiceBackplaneOptions of(String uri) {
    return new RedisServiceBackplaneOptions(uri, "hubbub-service", "node-" + UUID.randomUUID().toString()
        .replace("-", "").substring(0, 12), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  public RedisServiceBackplaneOptions withChannelPrefix(String prefix) {
    return new RedisServiceBackplaneOptions(uri, prefix, nodeName, queryTimeout, commandTimeout, announceInterval);
  }

  public RedisServiceBackplaneOptions withNodeName(String name) {
    return new RedisServiceBackplaneOptions(uri, channelPrefix, name, queryTimeout, commandTimeout, announceInterval);
  }

  public RedisServiceBackplaneOptions withQueryTimeout(Duration timeout) {
    return new RedisServiceBackplaneOptions(uri, channelPrefix, nodeName, timeout, commandTimeout, announceInterval);
  }

  public RedisServiceBackplaneOptions withCommandTimeout(Duration timeout) {
    return new RedisServiceBackplaneOptions(uri, channelPrefix, nodeName, queryTimeout, timeout, announceInterval);
  }

  public RedisServiceBackplaneOptions withAnnounceInterval(Duration interval) {
    return new RedisServiceBackplaneOptions(uri, channelPrefix, nodeName, queryTimeout, commandTimeout, interval);
  }

  /** The URI without its password: {@code redis://***@host:port}. */
  public String maskedUri() {
    return RedisBackplaneOptions.builder(uri).build().maskedUri();
  }

  @Override
  public String toString() {
    return "RedisServiceBackplaneOptions[uri=" + maskedUri() + ", channelPrefix=" + channelPrefix + ", nodeName="
        + nodeName + ", queryTimeout=" + queryTimeout + ", commandTimeout=" + commandTimeout + ", announceInterval="
        + announceInterval + "]";
  }
}
