package dev.hubbub.server.redis.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The MessagePack payloads of ASP.NET Core's Redis backplane ({@code Microsoft.AspNetCore.SignalR.StackExchangeRedis}),
 * written and read as that format documents them (see {@code docs/scale-out.md}): each payload is an array whose
 * trailing items a reader does not know are skipped, so the format can grow by appending. No I/O, thread-safe.
 */
public final class RedisProtocol {
  /** GroupAction values on the wire. */
  public static final byte ADD = 1;
  public static final byte REMOVE = 2;

  private RedisProtocol() {}

  /**
   * An invocation: who must not receive it, the message framed once per hub protocol, and for a client result the
   * invocation id and the channel the Completion goes back on.
   */
  public record Invocation(List<String> excludedConnectionIds, Map<String, byte[]> framedByProtocol,
      @Nullable String invocationId, @Nullable String returnChannel) {
    public Invocation {
      excludedConnectionIds = List.copyOf(excludedConnectionIds);
      framedByProtocol = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(framedByProtocol));
    }
  }

  /** A group change for a connection another server owns. */
  public record GroupCommand(int id, String serverName, byte action, String groupName, String connectionId) {}

  /** A client's Completion, framed in the protocol it speaks. */
  // Wire bytes passed straight through, never compared or hashed as a record.
  @SuppressWarnings("ArrayRecordComponent")
  public record Completion(String protocolName, byte[] framedCompletion) {}

  // ---- writing

  /** {@code [excluded ids, {protocol: framed bytes}]}, plus {@code invocationId, returnChannel} for a client result. */
  public static byte[] writeInvocation(Collection<String> excludedConnectionIds, Map<String, byte[]> framedByProtocol,
      @Nullable String invocationId, @Nullable String returnChannel) {
    if ((invocationId == null) != (returnChannel == null)) {
      throw new IllegalArgumentException("invocationId and returnChannel go together");
    }
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(invocationId == null ? 2 : 4);
      p.packArrayHeader(excludedConnectionIds.size());
      for (String id : excludedConnectionIds) {
        p.packString(id);
      }
      p.packMapHeader(framedByProtocol.size());
      for (Map.Entry<String, byte[]> e : framedByProtocol.entrySet()) {
        p.packString(e.getKey());
        p.packBinaryHeader(e.getValue().length);
        p.writePayload(e.getValue());
      }
      if (invocationId != null) {
        p.packString(invocationId);
        p.packString(returnChannel);
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code [id, serverName, action, groupName, connectionId]}. */
  public static byte[] writeGroupCommand(GroupCommand command) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(5);
      p.packInt(command.id());
      p.packString(command.serverName());
      p.packByte(command.action());
      p.packString(command.groupName());
      p.packString(command.connectionId());
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code [id]}. */
  public static byte[] writeAck(int id) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(1);
      p.packInt(id);
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code [protocolName, framed Completion]}. */
  public static byte[] writeCompletion(Completion completion) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(2);
      p.packString(completion.protocolName());
      p.packBinaryHeader(completion.framedCompletion().length);
      p.writePayload(completion.framedCompletion());
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- reading

  /** Reads an invocation; items after the fourth are skipped. */
  public static Invocation readInvocation(byte[] payload) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
      int length = arrayHeader(u, 2, "invocation");
      int excludedCount = u.unpackArrayHeader();
      List<String> excluded = new ArrayList<>(excludedCount);
      for (int i = 0; i < excludedCount; i++) {
        excluded.add(u.unpackString());
      }
      int protocols = u.unpackMapHeader();
      Map<String, byte[]> framed = new LinkedHashMap<>();
      for (int i = 0; i < protocols; i++) {
        String name = u.unpackString();
        framed.put(name, u.readPayload(u.unpackBinaryHeader()));
      }
      String invocationId = null;
      String returnChannel = null;
      if (length > 2) {
        invocationId = nullableString(u);
        returnChannel = length > 3 ? nullableString(u) : null;
      }
      skip(u, length - 4);
      return new Invocation(excluded, framed, invocationId, invocationId == null ? null : returnChannel);
    } catch (IOException | MessagePackException e) {
      throw malformed("invocation", payload, e);
    }
  }

  /** Reads a group command; items after the fifth are skipped. */
  public static GroupCommand readGroupCommand(byte[] payload) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
      int length = arrayHeader(u, 5, "group command");
      GroupCommand c = new GroupCommand(u.unpackInt(), u.unpackString(), u.unpackByte(), u.unpackString(),
          u.unpackString());
      skip(u, length - 5);
      return c;
    } catch (IOException | MessagePackException e) {
      throw malformed("group command", payload, e);
    }
  }

  /** Reads an ack's id. */
  public static int readAck(byte[] payload) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
      arrayHeader(u, 1, "ack");
      return u.unpackInt();
    } catch (IOException | MessagePackException e) {
      throw malformed("ack", payload, e);
    }
  }

  /** Reads a client result's Completion. */
  public static Completion readCompletion(byte[] payload) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
      arrayHeader(u, 2, "completion");
      String protocol = u.unpackString();
      return new Completion(protocol, u.readPayload(u.unpackBinaryHeader()));
    } catch (IOException | MessagePackException e) {
      throw malformed("completion", payload, e);
    }
  }

  private static int arrayHeader(MessageUnpacker u, int minimum, String what) throws IOException {
    int length = u.unpackArrayHeader();
    if (length < minimum) {
      throw new IllegalArgumentException("A Redis backplane " + what + " needs at least " + minimum
          + " items, this one has " + length);
    }
    return length;
  }

  private static @Nullable String nullableString(MessageUnpacker u) throws IOException {
    if (u.getNextFormat().getValueType() == ValueType.NIL) {
      u.unpackNil();
      return null;
    }
    return u.unpackString();
  }

  private static void skip(MessageUnpacker u, int items) throws IOException {
    for (int i = 0; i < items && u.hasNext(); i++) {
      u.skipValue();
    }
  }

  private static IllegalArgumentException malformed(String what, byte[] payload, Exception cause) {
    return new IllegalArgumentException("Malformed Redis backplane " + what + " (" + payload.length + " bytes): "
        + cause.getMessage(), cause);
  }
}
