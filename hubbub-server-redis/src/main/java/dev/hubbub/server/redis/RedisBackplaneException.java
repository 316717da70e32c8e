package dev.hubbub.server.redis;

/**
 * A send, group change or client result that could not reach other servers through Redis: Redis is unreachable,
 * or no server acknowledged a group change in time. The message says which operation, which Redis (without its
 * password) and what happened; what this server could do alone (deliver to its own connections) was done.
 */
public final class RedisBackplaneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RedisBackplaneException(String message) {
    super(message);
  }

  public RedisBackplaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
