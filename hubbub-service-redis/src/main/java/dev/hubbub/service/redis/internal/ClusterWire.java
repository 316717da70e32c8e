package dev.hubbub.service.redis.internal;

import dev.hubbub.core.spi.SendTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The payloads service nodes exchange over Redis, in MessagePack. Hubbub's own format (service nodes talk only
 * to service nodes); every payload is an array whose first item is the format version, so a later version can
 * add items at the end.
 *
 * <pre>
 * Send  = [1, target, {protocol name: framed bytes}]        on P:hub:&lt;hub&gt;
 * Query = [1, id, replyNode, kind, hub, args...]               on P:nodes:query
 * Reply = [1, id, result]                                      on P:nodes:reply:&lt;node&gt;
 * target = [0, excluded[]] all | [1, ids[]] connections | [2, groups[], excluded[], excludedUsers[]] groups
 *        | [3, users[], excluded[]] users
 * </pre>
 */
public final class ClusterWire {
  static final int VERSION = 1;

  private ClusterWire() {}

  /**
   * An unpacker over {@code bytes} that cannot be made to allocate more than the payload holds (a declared string or
   * binary length past the end fails instead of reserving it).
   */
  private static MessageUnpacker unpacker(byte[] bytes) {
    return new MessagePack.UnpackerConfig().withStringSizeLimit(bytes.length).newUnpacker(bytes);
  }

  private static byte[] binary(MessageUnpacker u, int total) throws IOException {
    int length = u.unpackBinaryHeader();
    if (length < 0 || length > total - u.getTotalReadBytes()) {
      throw new IOException("a binary of " + length + " bytes runs past the end of the payload");
    }
    return u.readPayload(length);
  }

  /** A send: who it is for and the message framed once per protocol. */
  public record Send(SendTarget target, Map<String, byte[]> framed) {}

  /** A question or command for every node. */
  public record Query(String id, String replyNode, int kind, String hub, List<@Nullable Object> args) {}

  /** One node's answer: a Boolean, or a list of [connectionId, userId or null] pairs. */
  public record Reply(String id, Object result) {}

  public static byte[] send(SendTarget target, Map<String, byte[]> framed) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(3).packInt(VERSION);
      packTarget(p, target);
      p.packMapHeader(framed.size());
      for (Map.Entry<String, byte[]> e : framed.entrySet()) {
        p.packString(e.getKey()).packBinaryHeader(e.getValue().length).writePayload(e.getValue());
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Send readSend(byte[] bytes) {
    try (MessageUnpacker u = unpacker(bytes)) {
      int n = u.unpackArrayHeader();
      version(u, n, 3);
      SendTarget target = readTarget(u);
      int count = u.unpackMapHeader();
      Map<String, byte[]> framed = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = u.unpackString();
        framed.put(name, binary(u, bytes.length));
      }
      skip(u, n - 3);
      return new Send(target, framed);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Malformed cluster send: " + e.getMessage(), e);
    }
  }

  public static byte[] query(Query q) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(5 + q.args().size()).packInt(VERSION).packString(q.id()).packString(q.replyNode())
          .packInt(q.kind()).packString(q.hub());
      for (Object arg : q.args()) {
        packValue(p, arg);
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Query readQuery(byte[] bytes) {
    try (MessageUnpacker u = unpacker(bytes)) {
      int n = u.unpackArrayHeader();
      version(u, n, 5);
      String id = u.unpackString();
      String replyNode = u.unpackString();
      int kind = u.unpackInt();
      String hub = u.unpackString();
      List<@Nullable Object> args = new ArrayList<>();
      for (int i = 5; i < n; i++) {
        args.add(readValue(u));
      }
      return new Query(id, replyNode, kind, hub, args);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Malformed cluster query: " + e.getMessage(), e);
    }
  }

  public static byte[] reply(String id, Object result) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(3).packInt(VERSION).packString(id);
      packValue(p, result);
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Reply readReply(byte[] bytes) {
    try (MessageUnpacker u = unpacker(bytes)) {
      int n = u.unpackArrayHeader();
      version(u, n, 3);
      String id = u.unpackString();
      Object result = readValue(u);
      if (result == null) {
        throw new IllegalArgumentException("a reply has no result");
      }
      return new Reply(id, result);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Malformed cluster reply: " + e.getMessage(), e);
    }
  }

  private static void version(MessageUnpacker u, int items, int min) throws IOException {
    if (items < min) {
      throw new IOException("expected at least " + min + " items, got " + items);
    }
    int v = u.unpackInt();
    if (v != VERSION) {
      throw new IOException("unknown version " + v + " (this node speaks " + VERSION + ")");
    }
  }

  private static void skip(MessageUnpacker u, int items) throws IOException {
    for (int i = 0; i < items; i++) {
      u.skipValue();
    }
  }

  // ---- targets

  private static void packTarget(MessageBufferPacker p, SendTarget target) throws IOException {
    if (target instanceof SendTarget.All all) {
      p.packArrayHeader(2).packInt(0);
      packStrings(p, all.excludedConnections());
    } else if (target instanceof SendTarget.Connections c) {
      p.packArrayHeader(2).packInt(1);
      packStrings(p, c.connectionIds());
    } else if (target instanceof SendTarget.Groups g) {
      p.packArrayHeader(4).packInt(2);
      packStrings(p, g.groups());
      packStrings(p, g.excludedConnections());
      packStrings(p, g.excludedUsers());
    } else {
      SendTarget.Users users = (SendTarget.Users) target;
      p.packArrayHeader(3).packInt(3);
      packStrings(p, users.userIds());
      packStrings(p, users.excludedConnections());
    }
  }

  /** The target a query's first argument carries. */
  public static Object targetValue(SendTarget target) {
    if (target instanceof SendTarget.All all) {
      return List.of(0L, List.copyOf(all.excludedConnections()));
    } else if (target instanceof SendTarget.Connections c) {
      return List.of(1L, List.copyOf(c.connectionIds()));
    } else if (target instanceof SendTarget.Groups g) {
      return List.of(2L, List.copyOf(g.groups()), List.copyOf(g.excludedConnections()),
          List.copyOf(g.excludedUsers()));
    }
    SendTarget.Users users = (SendTarget.Users) target;
    return List.of(3L, List.copyOf(users.userIds()), List.copyOf(users.excludedConnections()));
  }

  /** The inverse of {@link #targetValue}. */
  @SuppressWarnings("unchecked")
  public static SendTarget target(@Nullable Object value) {
    if (!(value instanceof List<?> list) || list.size() < 2 || !(list.get(0) instanceof Long kind)) {
      throw new IllegalArgumentException("not a target: " + value);
    }
    List<String> a = strings(list.get(1));
    return switch (kind.intValue()) {
      case 0 -> SendTarget.allExcept(a);
      case 1 -> SendTarget.connections(a);
      case 2 -> new SendTarget.Groups(java.util.Set.copyOf(a), java.util.Set.copyOf(strings(at(list, 2))),
          java.util.Set.copyOf(strings(at(list, 3))));
      case 3 -> SendTarget.users(a).except(strings(at(list, 2)));
      default -> throw new IllegalArgumentException("unknown target kind " + kind);
    };
  }

  private static @Nullable Object at(List<?> list, int i) {
    return i < list.size() ? list.get(i) : List.of();
  }

  private static List<String> strings(@Nullable Object value) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("not a list of strings: " + value);
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("not a string: " + o);
      }
      out.add(s);
    }
    return out;
  }

  private static SendTarget readTarget(MessageUnpacker u) throws IOException {
    return target(readValue(u));
  }

  private static void packStrings(MessageBufferPacker p, Collection<String> values) throws IOException {
    p.packArrayHeader(values.size());
    for (String v : values) {
      p.packString(v);
    }
  }

  // ---- plain values: nil, booleans, integers (as Long), strings, arrays

  private static void packValue(MessageBufferPacker p, @Nullable Object value) throws IOException {
    if (value == null) {
      p.packNil();
    } else if (value instanceof Boolean b) {
      p.packBoolean(b);
    } else if (value instanceof Number n) {
      p.packLong(n.longValue());
    } else if (value instanceof String s) {
      p.packString(s);
    } else if (value instanceof List<?> list) {
      p.packArrayHeader(list.size());
      for (Object o : list) {
        packValue(p, o);
      }
    } else {
      throw new IllegalArgumentException("cannot pack " + value.getClass().getName());
    }
  }

  private static @Nullable Object readValue(MessageUnpacker u) throws IOException {
    return readValue(u, 0);
  }

  /** Values nest at most four deep in every payload; deeper input is refused rather than recursed into. */
  private static final int MAX_DEPTH = 8;

  private static @Nullable Object readValue(MessageUnpacker u, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("values nest deeper than " + MAX_DEPTH);
    }
    MessageFormat f = u.getNextFormat();
    switch (f.getValueType()) {
      case NIL -> {
        u.unpackNil();
        return null;
      }
      case BOOLEAN -> {
        return u.unpackBoolean();
      }
      case INTEGER -> {
        return u.unpackLong();
      }
      case STRING -> {
        return u.unpackString();
      }
      case ARRAY -> {
        int n = u.unpackArrayHeader();
        List<@Nullable Object> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          out.add(readValue(u, depth + 1));
        }
        return out;
      }
      default -> throw new IOException("unexpected " + f.getValueType());
    }
  }
}
