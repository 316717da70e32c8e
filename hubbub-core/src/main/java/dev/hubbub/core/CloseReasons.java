package dev.hubbub.core;

/**
 * Every text a client reads when the hub layer refuses its handshake or closes it, in one place. They are
 * ASP.NET Core's texts with detailed errors on (what the official emulator runs), so that the official clients
 * and their users see what a .NET server would have said. Handshake texts are ASCII: the TS client decodes the
 * binary handshake response byte by byte.
 */
public final class CloseReasons {
  /** The handshake did not complete within the handshake timeout. */
  public static final String HANDSHAKE_CANCELED = "Handshake was canceled.";
  /** The client stopped pinging (only checked after its first ping, never over long polling). */
  public static final String CLIENT_TIMEOUT = "Connection closed with an error. OperationCanceledException: "
      + "Client hasn't sent a message/ping within the configured ClientTimeoutInterval.";
  /** A stateful-reconnect client claims to resend from beyond what arrived: messages were lost. */
  public static final String SEQUENCE_TOO_HIGH = "Connection closed with an error. InvalidOperationException: "
      + "Sequence ID greater than amount of messages we've received.";
  /** What clients that connect while the server stops are told. */
  public static final String SHUTTING_DOWN = "Server is shutting down.";

  private CloseReasons() {}

  /** The handshake named a protocol this server does not speak. */
  public static String protocolNotSupported(String protocol) {
    return "The protocol '" + protocol + "' is not supported.";
  }

  /** The handshake asked for a newer protocol version than this server speaks. */
  public static String versionNotSupported(int version, String protocol) {
    return "The server does not support version " + version + " of the '" + protocol + "' protocol.";
  }

  /** A binary protocol on a text-only transport (Server-Sent Events). */
  public static String binaryNotSupported(String protocol) {
    return "Cannot use the '" + protocol + "' protocol on the current transport. The transport does not "
        + "support 'Binary' transfer format.";
  }

  /** The handshake request could not be read. */
  public static String invalidHandshake(String detail) {
    return "An unexpected error occurred during connection handshake. InvalidDataException: " + detail;
  }

  /** A hub message could not be read, or was larger than allowed. */
  public static String invalidData(String detail) {
    return "Connection closed with an error. InvalidDataException: " + detail;
  }

  /**
   * A connection invoked faster than a limit allows (Azure SignalR's Application Firewall closes such clients).
   *
   * @param limit invocations per second
   * @param scope {@code this connection} or {@code address 1.2.3.4}
   * @param setting the option that sets the limit
   */
  public static String invocationRateExceeded(int limit, String scope, String setting) {
    return "Connection closed with an error. Too many invocations: more than " + limit + " per second from " + scope
        + " (" + setting + "). Slow down and reconnect.";
  }
}
