package dev.hubbub.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable hub settings, with ASP.NET Core's defaults. Start from {@link #DEFAULTS} or {@link #builder()}.
 *
 * @param enableDetailedErrors send exception types and messages to clients (off: only {@link HubException}
 *     messages are sent)
 * @param maximumReceiveMessageSize the largest hub message a client may send, in bytes (32 KiB); a larger one
 *     closes the connection with the size error
 * @param keepAliveInterval a Ping is sent when nothing else was sent for this long (15 s); never on long polling
 * @param clientTimeout the connection is closed when the client sent nothing for this long, counted from its
 *     first Ping (30 s)
 * @param handshakeTimeout the connection is closed when no handshake arrived in this time (15 s)
 * @param maximumParallelInvocationsPerClient how many invocations of one connection run at once (1: one after
 *     another, in the order sent)
 * @param maximumPendingMessagesPerClient invocations waiting to run plus uploaded stream items not yet taken by
 *     the hub, per connection (1024); a client that sends more is closed with an error naming this setting
 * @param clientResultTimeout how long {@link SingleClientProxy#invoke} waits for the client's result (30 s)
 * @param allowStatefulReconnects offer stateful reconnect to clients that ask for it (off)
 * @param detailedErrorTypeNames with detailed errors on, also name the exception's Java type before its message
 *     ({@code ... on the server. IllegalStateException: no seats left}); off by default, so clients read the
 *     message alone. A {@link HubException} is always shown as ASP.NET Core shows it ({@code HubException: ...})
 * @param maxInvocationsPerSecond invocations one connection may send per second before it is closed with a reason
 *     naming this setting (0, the default: no limit); Azure SignalR's Application Firewall throttles the same way
 * @param maxInvocationsPerSecondPerIp the same for all connections from one client IP address to one hub together
 *     (0: no limit)
 */
public record HubOptions(
    boolean enableDetailedErrors,
    int maximumReceiveMessageSize,
    Duration keepAliveInterval,
    Duration clientTimeout,
    Duration handshakeTimeout,
    int maximumParallelInvocationsPerClient,
    int maximumPendingMessagesPerClient,
    Duration clientResultTimeout,
    boolean allowStatefulReconnects,
    boolean detailedErrorTypeNames,
    int maxInvocationsPerSecond,
    int maxInvocationsPerSecondPerIp) {

  /** ASP.NET Core's defaults. */
  public static final HubOptions DEFAULTS = new Builder().build();

  /** Validates the settings. */
  public HubOptions {
    positive("maximumReceiveMessageSize", maximumReceiveMessageSize);
    positive("maximumParallelInvocationsPerClient", maximumParallelInvocationsPerClient);
    positive("maximumPendingMessagesPerClient", maximumPendingMessagesPerClient);
    positive("keepAliveInterval", keepAliveInterval);
    positive("clientTimeout", clientTimeout);
    positive("handshakeTimeout", handshakeTimeout);
    positive("clientResultTimeout", clientResultTimeout);
    if (maxInvocationsPerSecond < 0 || maxInvocationsPerSecondPerIp < 0) {
      throw new IllegalArgumentException("maxInvocationsPerSecond and maxInvocationsPerSecondPerIp must be 0 (no "
          + "limit) or positive, were " + maxInvocationsPerSecond + " and " + maxInvocationsPerSecondPerIp);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link HubOptions}. */
  public static final class Builder {
    private boolean enableDetailedErrors;
    private int maximumReceiveMessageSize = 32 * 1024;
    private Duration keepAliveInterval = Duration.ofSeconds(15);
    private Duration clientTimeout = Duration.ofSeconds(30);
    private Duration handshakeTimeout = Duration.ofSeconds(15);
    private int maximumParallelInvocationsPerClient = 1;
    private int maximumPendingMessagesPerClient = 1024;
    private Duration clientResultTimeout = Duration.ofSeconds(30);
    private boolean allowStatefulReconnects;
    private boolean detailedErrorTypeNames;
    private int maxInvocationsPerSecond;
    private int maxInvocationsPerSecondPerIp;

    private Builder() {
    }

    private Builder(HubOptions o) {
      enableDetailedErrors = o.enableDetailedErrors;
      maximumReceiveMessageSize = o.maximumReceiveMessageSize;
      keepAliveInterval = o.keepAliveInterval;
      clientTimeout = o.clientTimeout;
      handshakeTimeout = o.handshakeTimeout;
      maximumParallelInvocationsPerClient = o.maximumParallelInvocationsPerClient;
      maximumPendingMessagesPerClient = o.maximumPendingMessagesPerClient;
      clientResultTimeout = o.clientResultTimeout;
      allowStatefulReconnects = o.allowStatefulReconnects;
      detailedErrorTypeNames = o.detailedErrorTypeNames;
      maxInvocationsPerSecond = o.maxInvocationsPerSecond;
      maxInvocationsPerSecondPerIp = o.maxInvocationsPerSecondPerIp;
    }

    public Builder enableDetailedErrors(boolean v) { enableDetailedErrors = v; return this; }
    public Builder maximumReceiveMessageSize(int v) { maximumReceiveMessageSize = v; return this; }
    public Builder keepAliveInterval(Duration v) { keepAliveInterval = v; return this; }
    public Builder clientTimeout(Duration v) { clientTimeout = v; return this; }
    public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
    public Builder maximumParallelInvocationsPerClient(int v) { maximumParallelInvocationsPerClient = v; return this; }
    public Builder maximumPendingMessagesPerClient(int v) { maximumPendingMessagesPerClient = v; return this; }
    public Builder clientResultTimeout(Duration v) { clientResultTimeout = v; return this; }
    public Builder allowStatefulReconnects(boolean v) { allowStatefulReconnects = v; return this; }
    /** Name the exception's Java type in detailed errors, before its message. */
    public Builder detailedErrorTypeNames(boolean v) { detailedErrorTypeNames = v; return this; }
    /** Invocations per second per connection; 0 for no limit. */
    public Builder maxInvocationsPerSecond(int v) { maxInvocationsPerSecond = v; return this; }
    /** Invocations per second per client IP address and hub; 0 for no limit. */
    public Builder maxInvocationsPerSecondPerIp(int v) { maxInvocationsPerSecondPerIp = v; return this; }

    /** The settings. */
    public HubOptions build() {
      return new HubOptions(enableDetailedErrors, maximumReceiveMessageSize, keepAliveInterval, clientTimeout,
          handshakeTimeout, maximumParallelInvocationsPerClient, maximumPendingMessagesPerClient,
          clientResultTimeout, allowStatefulReconnects, detailedErrorTypeNames, maxInvocationsPerSecond,
          maxInvocationsPerSecondPerIp);
    }
  }
}
