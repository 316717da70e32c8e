package dev.hubbub.protocol;

/**
 * A message larger than the configured limit. Thrown as soon as the size is known (a length prefix, or
 * bytes accumulated without a terminator), before anything of that size is allocated. Answered with HTTP
 * 413 where the input came over HTTP.
 */
public final class MessageTooLargeException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public MessageTooLargeException(long size, long limit) {
    super("The maximum message size of " + limit + "B was exceeded (message of at least " + size
        + "B). Raise the limit on the receiving side or send smaller messages.", 413, null);
    this.size = size;
    this.limit = limit;
  }

  /** The size of the message, or a lower bound of it when the end was not seen yet. */
  public long size() {
    return size;
  }

  /** The limit in bytes that the message exceeded. */
  public long limit() {
    return limit;
  }
}
