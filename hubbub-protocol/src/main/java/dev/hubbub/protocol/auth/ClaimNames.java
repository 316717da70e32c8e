package dev.hubbub.protocol.auth;

import java.util.Set;

/** Claim names in Azure SignalR tokens: the SDKs' {@code asrs.s.*} system claims and JWT names. */
public final class ClaimNames {
  /** Prefix of every system claim. */
  public static final String SYSTEM_PREFIX = "asrs.s.";
  /** Prefix added to a user claim whose name collides with a reserved JWT claim. */
  public static final String USER_PREFIX = "asrs.u.";

  /** The user id: {@code asrs.s.uid}. */
  public static final String USER_ID = "asrs.s.uid";
  /** The JWT short name of the .NET name-identifier claim; user id of REST user APIs, server id in server tokens. */
  public static final String NAME_ID = "nameid";
  /** The JWT subject. */
  public static final String SUBJECT = "sub";
  /** The JWT short name of the .NET name claim. */
  public static final String UNIQUE_NAME = "unique_name";
  /** The JWT short name of the .NET role claim. */
  public static final String ROLE = "role";
  /** The JWT short name of the .NET email claim. */
  public static final String EMAIL = "email";
  /** Server name for sticky routing (the server's {@code X-ASRS-Server-Id}). */
  public static final String SERVER_NAME = "asrs.s.sn";
  /** Server sticky mode: {@code Preferred} or {@code Required}. */
  public static final String SERVER_STICKY = "asrs.s.ssticky";
  /** {@code true} for diagnostic clients. */
  public static final String DIAGNOSTIC_CLIENT = "asrs.s.dc";
  /** Custom handshake timeout in seconds (1..30, only when not 15). */
  public static final String CUSTOM_HANDSHAKE_TIMEOUT = "asrs.s.cht";
  /** The authentication type when it is not {@code Bearer}. */
  public static final String AUTHENTICATION_TYPE = "asrs.s.aut";
  /** Number of service endpoints when more than one. */
  public static final String SERVICE_ENDPOINTS_COUNT = "asrs.s.secn";
  /** {@code True} when the hub enables detailed errors. */
  public static final String ENABLE_DETAILED_ERRORS = "asrs.s.derror";
  /** Custom name claim type. */
  public static final String NAME_TYPE = "asrs.s.nt";
  /** Custom role claim type. */
  public static final String ROLE_TYPE = "asrs.s.rt";
  /** Maximum long-polling interval in seconds. */
  public static final String MAX_POLL_INTERVAL = "asrs.s.ttl";
  /** Allowed transports as flags: WebSockets 1, ServerSentEvents 2, LongPolling 4. */
  public static final String HTTP_TRANSPORT_TYPE = "asrs.s.htt";
  /** {@code true} when the service must close the client when its authentication expires. */
  public static final String CLOSE_ON_AUTH_EXPIRATION = "asrs.s.coae";
  /** The authentication expiry in unix seconds, with {@link #CLOSE_ON_AUTH_EXPIRATION}. */
  public static final String AUTH_EXPIRES_ON = "asrs.s.aeo";
  /** Defined by the SDKs (an id); not emitted by the negotiate paths. */
  public static final String ID = "asrs.s.id";
  /** Defined by the SDKs (application name); not emitted by the negotiate paths. */
  public static final String APP_NAME = "asrs.s.apn";
  /** Defined by the SDKs (version); not emitted by the negotiate paths. */
  public static final String VERSION = "asrs.s.vn";

  /** Claim names a user claim may not take; such a claim is written as {@code asrs.u.<name>}. */
  public static final Set<String> RESERVED =
      Set.of("aud", "exp", "iat", "nbf", "iss", "actort", "acr", "azp", "c_hash", "jti", "nonce");

  private ClaimNames() {}
}
