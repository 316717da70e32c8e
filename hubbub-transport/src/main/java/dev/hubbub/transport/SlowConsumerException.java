package dev.hubbub.transport;

/**
 * A client did not read fast enough: its outbound queue passed
 * {@link TransportOptions#maxOutboundQueueBytes()}. The connection is aborted (WebSocket close 1008).
 */
public final class SlowConsumerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long queuedBytes;
  private final long limit;

  public SlowConsumerException(String connectionId, long queuedBytes, long limit) {
    super("Connection " + connectionId + " is not reading: " + queuedBytes
        + " bytes queued, over the limit of " + limit
        + " bytes (maxOutboundQueueBytes). Raise the limit or have the client read faster.",
        null, false, false);
    this.queuedBytes = queuedBytes;
    this.limit = limit;
  }

  /** The queued bytes that tripped the limit. */
  public long queuedBytes() {
    return queuedBytes;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
