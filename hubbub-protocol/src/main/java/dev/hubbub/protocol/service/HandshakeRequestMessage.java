package dev.hubbub.protocol.service;

import java.util.Objects;
import java.util.Optional;

/**
 * Opens a server connection: the first message a server sends. Type 1, server to service.
 *
 * <p>Wire: {@code [1, Version, ConnectionType, Target, MigrationLevel, Ext, AllowStatefulReconnects]}.
 * Older SDKs write only the first 1 field; the rest then take their defaults.
 *
 * @param version Version
 * @param connectionType ConnectionType
 * @param target Target (nil reads as empty)
 * @param migrationLevel MigrationLevel
 * @param extensions the extension map
 * @param allowStatefulReconnects AllowStatefulReconnects
 */
public record HandshakeRequestMessage(
    int version,
    int connectionType,
    String target,
    int migrationLevel,
    MessageExtensions extensions,
    boolean allowStatefulReconnects) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 1;

  /** Checks required fields and copies collections and buffers. */
  public HandshakeRequestMessage {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only version; the other fields take their defaults (empty, nil, zero, no extensions). */
  public HandshakeRequestMessage(int version) {
    this(version, 0, "", 0, MessageExtensions.NONE, false);
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** The protocol version every current SDK speaks. */
  public static final int PROTOCOL_VERSION = 1;

  /** The typed connection type; empty for values this version does not know. */
  public Optional<ServerConnectionType> knownConnectionType() {
    return ServerConnectionType.fromCode(connectionType);
  }

  /** The typed migration level; empty for values this version does not know. */
  public Optional<MigrationLevel> knownMigrationLevel() {
    return MigrationLevel.fromCode(migrationLevel);
  }
}
