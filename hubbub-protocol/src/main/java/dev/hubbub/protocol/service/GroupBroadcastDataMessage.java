package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sends to a group except excluded connections and users. Type 13, server to service.
 *
 * <p>Wire: {@code [13, GroupName, ExcludedList, Payloads, Ext, ExcludedUserList, CallerUserId]}. Older
 * SDKs write only the first 3 fields; the rest then take their defaults.
 *
 * @param groupName GroupName
 * @param excludedList ExcludedList
 * @param payloads Payloads
 * @param extensions the extension map
 * @param excludedUserList ExcludedUserList
 * @param callerUserId CallerUserId (nil allowed)
 */
public record GroupBroadcastDataMessage(
    String groupName,
    List<String> excludedList,
    Payloads payloads,
    MessageExtensions extensions,
    List<String> excludedUserList,
    @Nullable String callerUserId) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 13;

  /** Checks required fields and copies collections and buffers. */
  public GroupBroadcastDataMessage {
    Objects.requireNonNull(groupName, "groupName");
    excludedList = List.copyOf(excludedList);
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(extensions, "extensions");
    excludedUserList = List.copyOf(excludedUserList);
  }

  /** A message with only groupName, excludedList, payloads; the other fields take their defaults (empty, nil, zero, no extensions). */
  public GroupBroadcastDataMessage(String groupName, List<String> excludedList, Payloads payloads) {
    this(groupName, excludedList, payloads, MessageExtensions.NONE, List.of(), null);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
