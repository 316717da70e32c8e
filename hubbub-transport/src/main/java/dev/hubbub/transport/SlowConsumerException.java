package dev.hubbub.transport;

/**
 * A client did not read fast enough: a payload would have taken its outbound queue past
 * {@link TransportOptions#maxOutboundQueueBytes()}. The payload is refused and the connection aborted
 * (WebSocket close 1008 with {@link #closeReason()}, sent if the socket drains within
 * {@link TransportOptions#webSocketCloseTimeout()}).
 */
public final class SlowConsumerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long queuedBytes;
  private final long payloadBytes;
  private final long limit;

  /**
   * @param queuedBytes bytes already queued when the payload came
   * @param payloadBytes the size of the payload that was refused
   * @param limit the limit in bytes
   */
  public SlowConsumerException(String connectionId, long queuedBytes, long payloadBytes, long limit) {
    super("Connection " + connectionId + " is not reading: " + queuedBytes + " bytes are queued and a payload of "
        + payloadBytes + " bytes would take the queue to " + (queuedBytes + payloadBytes) + ", over the limit of "
        + limit + " bytes (maxOutboundQueueBytes). Raise the limit or have the client read faster.",
        null, false, false);
    this.queuedBytes = queuedBytes;
    this.payloadBytes = payloadBytes;
    this.limit = limit;
  }

  /** The same with the payload size unknown (0). */
  public SlowConsumerException(String connectionId, long queuedBytes, long limit) {
    this(connectionId, queuedBytes, 0, limit);
  }

  /** The bytes queued (accepted, not yet written) when the refused payload came. */
  public long queuedBytes() {
    return queuedBytes;
  }

  /** The size of the refused payload. */
  public long payloadBytes() {
    return payloadBytes;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }

  /** The WebSocket close reason: what the client reads, within the 123 bytes a close frame allows. */
  public String closeReason() {
    return "Client too slow: " + queuedBytes + " bytes queued, " + payloadBytes
        + " more would pass the limit of " + limit + ".";
  }
}
