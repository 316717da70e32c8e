package dev.hubbub.protocol.service;

import org.jspecify.annotations.Nullable;

/**
 * The extension map that ends most service messages ({@code {key: value}} with integer keys). Every field
 * is optional (null when absent). On writing, only the keys the message type understands are written
 * (the 1.25 SDK fails on keys it does not expect); on reading, unknown keys are skipped and every known
 * key is accepted on every type.
 *
 * <p>Keys written per type: tracing id on connection, data, group, existence-check, close-with-ack and
 * client-invocation messages (types 4 to 14, 16 to 19, 21, 23 to 27, 30 to 38, 40); ttl on 16 and 26;
 * protocol on 4; filter on the multicast data messages 7 to 10, 13 and 14; data message type and
 * partial flag on 6. Handshakes, Ack, ServiceEvent, the access-key messages and flow control write an
 * empty map. The reference names the keys per type for 4, 6, 16 and 26; the rest follows the SDK's
 * grouping of message kinds and is not verified against its source.
 *
 * @param tracingId key 1, an unsigned 64-bit id (read as the bits of a {@code long})
 * @param ttl key 2, seconds a user stays in a group ({@link UserJoinGroupMessage}, {@link UserJoinGroupWithAckMessage})
 * @param protocol key 3, the client's hub protocol, {@code json} or {@code messagepack} ({@link OpenConnectionMessage})
 * @param filter key 4, a filter expression on multicast data messages
 * @param dataMessageType key 5, see {@link DataMessageType} ({@link ConnectionDataMessage})
 * @param isPartial key 6, whether a {@link ConnectionDataMessage} carries part of a message
 */
public record MessageExtensions(@Nullable Long tracingId, @Nullable Integer ttl, @Nullable String protocol,
    @Nullable String filter, @Nullable Integer dataMessageType, @Nullable Boolean isPartial) {
  /** Key of {@link #tracingId()}. */
  public static final int TRACING_ID = 1;
  /** Key of {@link #ttl()}. */
  public static final int TTL = 2;
  /** Key of {@link #protocol()}. */
  public static final int PROTOCOL = 3;
  /** Key of {@link #filter()}. */
  public static final int FILTER = 4;
  /** Key of {@link #dataMessageType()}. */
  public static final int DATA_MESSAGE_TYPE = 5;
  /** Key of {@link #isPartial()}. */
  public static final int IS_PARTIAL = 6;

  /** No extensions: written as an empty map {@code 0x80}. */
  public static final MessageExtensions NONE = new MessageExtensions(null, null, null, null, null, null);

  /** Only a tracing id. */
  public static MessageExtensions ofTracingId(long tracingId) {
    return NONE.withTracingId(tracingId);
  }

  /** Only a protocol name. */
  public static MessageExtensions ofProtocol(String protocol) {
    return NONE.withProtocol(protocol);
  }

  /** A copy with {@link #tracingId()} set. */
  public MessageExtensions withTracingId(@Nullable Long tracingId) {
    return new MessageExtensions(tracingId, ttl, protocol, filter, dataMessageType, isPartial);
  }

  /** A copy with {@link #ttl()} set. */
  public MessageExtensions withTtl(@Nullable Integer ttl) {
    return new MessageExtensions(tracingId, ttl, protocol, filter, dataMessageType, isPartial);
  }

  /** A copy with {@link #protocol()} set. */
  public MessageExtensions withProtocol(@Nullable String protocol) {
    return new MessageExtensions(tracingId, ttl, protocol, filter, dataMessageType, isPartial);
  }

  /** A copy with {@link #filter()} set. */
  public MessageExtensions withFilter(@Nullable String filter) {
    return new MessageExtensions(tracingId, ttl, protocol, filter, dataMessageType, isPartial);
  }

  /** A copy with {@link #dataMessageType()} set. */
  public MessageExtensions withDataMessageType(@Nullable Integer dataMessageType) {
    return new MessageExtensions(tracingId, ttl, protocol, filter, dataMessageType, isPartial);
  }

  /** A copy with {@link #isPartial()} set. */
  public MessageExtensions withPartial(@Nullable Boolean isPartial) {
    return new MessageExtensions(tracingId, ttl, protocol, filter, dataMessageType, isPartial);
  }
}
