package dev.hubbub.protocol.service;

import dev.hubbub.protocol.ProtocolException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads the fields of one service message array, in order. Every declared size (array, map, string,
 * binary) is checked against the bytes left before anything is allocated, and every MessagePack failure
 * becomes a {@link ProtocolException} naming the message and field. Fields missing at the end of the array
 * (older SDKs write shorter arrays) are detected with {@link #has()}.
 */
final class MessageReader {
  private final MessageUnpacker unpacker;
  private final long total;
  private int remainingElements;
  private String message = "service message";

  MessageReader(byte[] payload, int offset, int length) {
    this.unpacker = MessagePack.newDefaultUnpacker(payload, offset, length);
    this.total = length;
  }

  /** Reads the array header and the type id; returns the type. */
  int begin() throws ProtocolException {
    MessageFormat format = nextFormat("message");
    if (typeOf(format) != ValueType.ARRAY) {
      throw new ProtocolException("Malformed service message: expected a MessagePack array but found "
          + describe(format).toUpperCase(java.util.Locale.ROOT) + ".");
    }
    remainingElements = wrap("message", () -> unpacker.unpackArrayHeader());
    checkCount(remainingElements, 1, "message array");
    if (remainingElements == 0) {
      throw new ProtocolException("Malformed service message: the array is empty, the message type is missing.");
    }
    int type = int32("MessageType");
    return type;
  }

  /** Names the message in error texts from now on. */
  void named(String name) {
    this.message = name;
  }

  /** Whether the array has another element. */
  boolean has() {
    return remainingElements > 0;
  }

  /** The number of elements left in the array. */
  int remaining() {
    return remainingElements;
  }

  /** Skips the elements left in the array (newer SDKs may append fields). */
  void skipRest() throws ProtocolException {
    while (remainingElements > 0) {
      element("trailing field");
      run("trailing field", () -> unpacker.skipValue());
    }
  }

  ProtocolException missing(String field) {
    return new ProtocolException("Malformed " + message + ": the array ends before " + field + ".");
  }

  String string(String field) throws ProtocolException {
    String s = nullableString(field);
    if (s == null) {
      throw new ProtocolException("Malformed " + message + ": " + field + " must be a string, not nil.");
    }
    return s;
  }

  /** A string where nil means empty. */
  String emptyIfNil(String field) throws ProtocolException {
    String s = nullableString(field);
    return s == null ? "" : s;
  }

  @Nullable String nullableString(String field) throws ProtocolException {
    element(field);
    return readNullableString(field);
  }

  private @Nullable String readNullableString(String field) throws ProtocolException {
    MessageFormat format = nextFormat(field);
    if (format == MessageFormat.NIL) {
      run(field, () -> unpacker.unpackNil());
      return null;
    }
    expect(format, ValueType.STRING, field);
    int length = wrap(field, () -> unpacker.unpackRawStringHeader());
    checkBytes(length, field);
    byte[] bytes = wrap(field, () -> unpacker.readPayload(length));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  int int32(String field) throws ProtocolException {
    element(field);
    return readInt(field);
  }

  private int readInt(String field) throws ProtocolException {
    expect(nextFormat(field), ValueType.INTEGER, field);
    return wrap(field, () -> unpacker.unpackInt());
  }

  boolean bool(String field) throws ProtocolException {
    element(field);
    expect(nextFormat(field), ValueType.BOOLEAN, field);
    return wrap(field, () -> unpacker.unpackBoolean());
  }

  ByteBuffer bytes(String field) throws ProtocolException {
    ByteBuffer b = nullableBytes(field);
    if (b == null) {
      throw new ProtocolException("Malformed " + message + ": " + field + " must be binary, not nil.");
    }
    return b;
  }

  @Nullable ByteBuffer nullableBytes(String field) throws ProtocolException {
    element(field);
    return readNullableBytes(field);
  }

  private @Nullable ByteBuffer readNullableBytes(String field) throws ProtocolException {
    MessageFormat format = nextFormat(field);
    if (format == MessageFormat.NIL) {
      run(field, () -> unpacker.unpackNil());
      return null;
    }
    expect(format, ValueType.BINARY, field);
    int length = wrap(field, () -> unpacker.unpackBinaryHeader());
    checkBytes(length, field);
    return ByteBuffer.wrap(wrap(field, () -> unpacker.readPayload(length))).asReadOnlyBuffer();
  }

  /** An array of strings; nil reads as empty (the SDK writes nil lists that way too). */
  List<String> stringList(String field) throws ProtocolException {
    element(field);
    if (takeNil(field)) {
      return List.of();
    }
    int count = arrayHeader(field);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String s = readNullableString(field);
      if (s != null) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /** A map of string to string as an ordered claim list (types may repeat); nil reads as empty. */
  List<Claim> claims(String field) throws ProtocolException {
    element(field);
    if (takeNil(field)) {
      return List.of();
    }
    int count = mapHeader(field);
    List<Claim> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String type = readNullableString(field + " key");
      String value = readNullableString(field + " value");
      out.add(new Claim(type == null ? "" : type, value == null ? "" : value));
    }
    return List.copyOf(out);
  }

  /** A map of header name to string array (a single string is read as one value); nil reads as empty. */
  Map<String, List<String>> headers(String field) throws ProtocolException {
    element(field);
    if (takeNil(field)) {
      return Map.of();
    }
    int count = mapHeader(field);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = readNullableString(field + " name");
      List<String> values = new ArrayList<>();
      MessageFormat format = nextFormat(field);
      if (typeOf(format) == ValueType.ARRAY) {
        int n = arrayHeader(field);
        for (int j = 0; j < n; j++) {
          String v = readNullableString(field + " value");
          values.add(v == null ? "" : v);
        }
      } else {
        String v = readNullableString(field + " value");
        if (v != null) {
          values.add(v);
        }
      }
      out.merge(name == null ? "" : name, List.copyOf(values), (a, b) -> {
        List<String> merged = new ArrayList<>(a);
        merged.addAll(b);
        return List.copyOf(merged);
      });
    }
    return out;
  }

  /** A map of protocol name to binary; nil reads as empty. */
  Payloads payloads(String field) throws ProtocolException {
    element(field);
    if (takeNil(field)) {
      return Payloads.EMPTY;
    }
    int count = mapHeader(field);
    List<Map.Entry<String, ByteBuffer>> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = readNullableString(field + " protocol");
      ByteBuffer value = readNullableBytes(field + " payload");
      entries.add(Map.entry(name == null ? "" : name, value == null ? ByteBuffer.allocate(0) : value));
    }
    return Payloads.wrap(entries);
  }

  /** The extension map; unknown keys are skipped; nil reads as none. */
  MessageExtensions extensions() throws ProtocolException {
    String field = "extension map";
    element(field);
    if (takeNil(field)) {
      return MessageExtensions.NONE;
    }
    int count = mapHeader(field);
    MessageExtensions ext = MessageExtensions.NONE;
    for (int i = 0; i < count; i++) {
      MessageFormat keyFormat = nextFormat(field);
      if (typeOf(keyFormat) != ValueType.INTEGER) {
        skipValue(field);
        skipValue(field);
        continue;
      }
      int key = wrap(field, () -> {
        BigInteger k = unpacker.unpackBigInteger();
        return k.bitLength() < 31 ? k.intValue() : -1;
      });
      switch (key) {
        case MessageExtensions.TRACING_ID -> ext = ext.withTracingId(readUnsignedLong("TracingId"));
        case MessageExtensions.TTL -> ext = ext.withTtl(readInt("Ttl"));
        case MessageExtensions.PROTOCOL -> ext = ext.withProtocol(readNullableString("Protocol"));
        case MessageExtensions.FILTER -> ext = ext.withFilter(readNullableString("Filter"));
        case MessageExtensions.DATA_MESSAGE_TYPE -> ext = ext.withDataMessageType(readInt("DataMessageType"));
        case MessageExtensions.IS_PARTIAL -> {
          expect(nextFormat("IsPartial"), ValueType.BOOLEAN, "IsPartial");
          ext = ext.withPartial(wrap("IsPartial", () -> unpacker.unpackBoolean()));
        }
        default -> skipValue(field);
      }
    }
    return ext;
  }

  private long readUnsignedLong(String field) throws ProtocolException {
    expect(nextFormat(field), ValueType.INTEGER, field);
    BigInteger value = wrap(field, () -> unpacker.unpackBigInteger());
    if (value.signum() < 0 || value.bitLength() > 64) {
      throw new ProtocolException("Malformed " + message + ": " + field + " " + value + " is not an unsigned 64-bit integer.");
    }
    return value.longValue();
  }

  private boolean takeNil(String field) throws ProtocolException {
    if (nextFormat(field) == MessageFormat.NIL) {
      run(field, () -> unpacker.unpackNil());
      return true;
    }
    return false;
  }

  private int arrayHeader(String field) throws ProtocolException {
    expect(nextFormat(field), ValueType.ARRAY, field);
    int count = wrap(field, () -> unpacker.unpackArrayHeader());
    checkCount(count, 1, field);
    return count;
  }

  private int mapHeader(String field) throws ProtocolException {
    expect(nextFormat(field), ValueType.MAP, field);
    int count = wrap(field, () -> unpacker.unpackMapHeader());
    checkCount(count, 2, field);
    return count;
  }

  private void skipValue(String field) throws ProtocolException {
    run(field, () -> unpacker.skipValue());
  }

  private void element(String field) throws ProtocolException {
    if (remainingElements <= 0) {
      throw missing(field);
    }
    remainingElements--;
  }

  private long bytesLeft() {
    return total - unpacker.getTotalReadBytes();
  }

  // Each element takes at least one byte, so a count beyond the bytes left is a lie: refuse it unallocated.
  private void checkCount(long count, int bytesPerItem, String field) throws ProtocolException {
    if (count < 0 || count * bytesPerItem > bytesLeft()) {
      throw new ProtocolException("Malformed " + message + ": " + field + " declares " + (count & 0xFFFFFFFFL)
          + " entries but only " + bytesLeft() + " bytes are left.");
    }
  }

  private void checkBytes(int length, String field) throws ProtocolException {
    if (length < 0 || length > bytesLeft()) {
      throw new ProtocolException("Malformed " + message + ": " + field + " declares " + (length & 0xFFFFFFFFL)
          + " bytes but only " + bytesLeft() + " are left.");
    }
  }

  private MessageFormat nextFormat(String field) throws ProtocolException {
    if (bytesLeft() <= 0) {
      throw new ProtocolException("Malformed " + message + ": the data ends before " + field + ".");
    }
    return wrap(field, () -> unpacker.getNextFormat());
  }

  private void expect(MessageFormat format, ValueType type, String field) throws ProtocolException {
    if (typeOf(format) != type) {
      throw new ProtocolException("Malformed " + message + ": " + field + " must be "
          + type.name().toLowerCase(java.util.Locale.ROOT) + " but is " + describe(format) + ".");
    }
  }

  // NEVER_USED (0xc1) has no value type; asking for one throws.
  private static @Nullable ValueType typeOf(MessageFormat format) {
    return format == MessageFormat.NEVER_USED ? null : format.getValueType();
  }

  private static String describe(MessageFormat format) {
    ValueType type = typeOf(format);
    return type == null ? "the reserved byte 0xc1" : type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private interface Step {
    void run() throws IOException;
  }

  private interface Read<T> {
    T read() throws IOException;
  }

  private void run(String field, Step step) throws ProtocolException {
    wrap(field, () -> {
      step.run();
      return Boolean.TRUE;
    });
  }

  private <T> T wrap(String field, Read<T> read) throws ProtocolException {
    try {
      return read.read();
    } catch (MessageSizeException e) {
      throw new ProtocolException("Malformed " + message + ": " + field + " declares a size of " + e.getSize()
          + ", beyond what this reader supports (2 GB).", e);
    } catch (MessagePackException | IOException | IllegalArgumentException e) {
      throw new ProtocolException("Malformed " + message + ": cannot read " + field + " ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").", e);
    }
  }
}
