package dev.hubbub.protocol.hub.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubbub.protocol.ProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;

/**
 * Walks one MessagePack value: to validate it (so later conversions cannot fail), to copy it to a JSON
 * generator, or to build a Jackson tree for binding.
 *
 * <p>{@link #skip} is the only entry point for untrusted bytes: it checks every declared length against the
 * bytes that remain before reading, so a peer cannot make us allocate what it merely declared, and it caps
 * nesting so a deep value cannot overflow the stack of the converters, which recurse.
 */
public final class MessagePackValues {
  /** The deepest nesting of arrays and maps accepted inside one value (System.Text.Json's default depth). */
  public static final int MAX_DEPTH = 64;
  /** MessagePack's timestamp extension type. */
  public static final byte TIMESTAMP_TYPE = Timestamps.TYPE;

  private MessagePackValues() {}

  /**
   * Skips the next value after checking it: declared sizes fit in the {@code size} bytes the unpacker reads,
   * nesting is at most {@link #MAX_DEPTH}, timestamps are well formed.
   *
   * @throws ProtocolException when the value is malformed; IOExceptions of the unpacker (truncation) pass
   *     through for the caller to wrap with context
   */
  public static void skip(MessageUnpacker in, long size, int depth) throws IOException, ProtocolException {
    MessageFormat format = in.getNextFormat();
    if (format == MessageFormat.NEVER_USED) {
      throw new ProtocolException("MessagePack value starts with the reserved byte 0xC1.");
    }
    switch (format.getValueType()) {
      case ARRAY -> {
        int n = in.unpackArrayHeader();
        checkCount(in, size, n, 1, "array");
        checkDepth(depth);
        for (int i = 0; i < n; i++) {
          skip(in, size, depth + 1);
        }
      }
      case MAP -> {
        int n = in.unpackMapHeader();
        checkCount(in, size, n, 2, "map");
        checkDepth(depth);
        for (int i = 0; i < 2 * n; i++) {
          skip(in, size, depth + 1);
        }
      }
      case STRING -> {
        int n = in.unpackRawStringHeader();
        checkCount(in, size, n, 1, "string");
        in.readPayloadAsReference(n);
      }
      case BINARY -> {
        int n = in.unpackBinaryHeader();
        checkCount(in, size, n, 1, "binary");
        in.readPayloadAsReference(n);
      }
      case EXTENSION -> {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        checkCount(in, size, header.getLength(), 1, "extension");
        if (header.getType() == TIMESTAMP_TYPE) {
          Timestamps.decode(in.readPayload(header.getLength()));
        } else {
          in.readPayloadAsReference(header.getLength());
        }
      }
      default -> in.skipValue();
    }
  }

  /** A readable description of an exception from msgpack-core, several of which have no message. */
  public static String describe(Exception e) {
    if (e instanceof MessageSizeException) {
      return "a declared size exceeds 2 GB.";
    }
    if (e instanceof MessageInsufficientBufferException) {
      return "the input ended inside a value.";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void checkCount(MessageUnpacker in, long size, long count, int minBytesEach, String what)
      throws ProtocolException {
    long remaining = size - in.getTotalReadBytes();
    if (count < 0 || count * minBytesEach > remaining) {
      throw new ProtocolException("MessagePack " + what + " declares " + (count & 0xFFFFFFFFL)
          + " items or bytes but only " + remaining + " bytes remain in the message.");
    }
  }

  private static void checkDepth(int depth) throws ProtocolException {
    if (depth >= MAX_DEPTH) {
      throw new ProtocolException("MessagePack value is nested deeper than " + MAX_DEPTH + " levels.");
    }
  }

  /** Reads the data of a timestamp extension whose header was read; {@link #skip} has validated it. */
  public static Instant validatedTimestamp(MessageUnpacker in, ExtensionTypeHeader header) throws IOException {
    try {
      return Timestamps.decode(in.readPayload(header.getLength()));
    } catch (ProtocolException e) {
      throw new IOException("validated MessagePack timestamp failed to decode: " + e.getMessage(), e);
    }
  }

  /**
   * Copies the next value, which {@link #skip} has validated, as JSON the way SignalR clients expect it:
   * binary and unknown extensions as base64 strings, timestamps as ISO-8601 UTC strings the way .NET writes
   * a UTC {@code DateTime} (at most seven fractional digits), non-string map keys as their text. A timestamp
   * crossing to JSON stays a string from then on: nothing turns an ISO string back into a timestamp.
   */
  public static void copyToJson(MessageUnpacker in, JsonGenerator out) throws IOException {
    MessageFormat format = in.getNextFormat();
    switch (format.getValueType()) {
      case NIL -> {
        in.unpackNil();
        out.writeNull();
      }
      case BOOLEAN -> out.writeBoolean(in.unpackBoolean());
      case INTEGER -> {
        if (format == MessageFormat.UINT64) {
          out.writeNumber(in.unpackBigInteger());
        } else {
          out.writeNumber(in.unpackLong());
        }
      }
      case FLOAT -> {
        if (format == MessageFormat.FLOAT32) {
          out.writeNumber(in.unpackFloat());
        } else {
          out.writeNumber(in.unpackDouble());
        }
      }
      case STRING -> out.writeString(string(in));
      case BINARY -> out.writeBinary(in.readPayload(in.unpackBinaryHeader()));
      case ARRAY -> {
        int n = in.unpackArrayHeader();
        out.writeStartArray();
        for (int i = 0; i < n; i++) {
          copyToJson(in, out);
        }
        out.writeEndArray();
      }
      case MAP -> {
        int n = in.unpackMapHeader();
        out.writeStartObject();
        for (int i = 0; i < n; i++) {
          out.writeFieldName(keyText(in));
          copyToJson(in, out);
        }
        out.writeEndObject();
      }
      case EXTENSION -> {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        if (header.getType() == TIMESTAMP_TYPE) {
          out.writeString(Timestamps.formatUtc(validatedTimestamp(in, header), Timestamps.DOTNET_DIGITS));
        } else {
          out.writeBinary(in.readPayload(header.getLength()));
        }
      }
    }
  }

  /**
   * Reads the next (validated) value as a Jackson tree, for binding to Java types. A timestamp becomes its
   * ISO-8601 UTC text with every nanosecond, which the mapper's java.time deserializers read exactly.
   */
  public static JsonNode toTree(MessageUnpacker in, JsonNodeFactory nodes) throws IOException {
    MessageFormat format = in.getNextFormat();
    switch (format.getValueType()) {
      case NIL:
        in.unpackNil();
        return nodes.nullNode();
      case BOOLEAN:
        return nodes.booleanNode(in.unpackBoolean());
      case INTEGER:
        if (format == MessageFormat.UINT64) {
          return nodes.numberNode(in.unpackBigInteger());
        }
        long value = in.unpackLong();
        return value == (int) value ? nodes.numberNode((int) value) : nodes.numberNode(value);
      case FLOAT:
        return format == MessageFormat.FLOAT32 ? nodes.numberNode(in.unpackFloat())
            : nodes.numberNode(in.unpackDouble());
      case STRING:
        return nodes.textNode(string(in));
      case BINARY:
        return nodes.binaryNode(in.readPayload(in.unpackBinaryHeader()));
      case ARRAY: {
        int n = in.unpackArrayHeader();
        ArrayNode array = nodes.arrayNode(n);
        for (int i = 0; i < n; i++) {
          array.add(toTree(in, nodes));
        }
        return array;
      }
      case MAP: {
        int n = in.unpackMapHeader();
        ObjectNode object = nodes.objectNode();
        for (int i = 0; i < n; i++) {
          String key = keyText(in);
          object.set(key, toTree(in, nodes));
        }
        return object;
      }
      case EXTENSION:
      default: {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        if (header.getType() == TIMESTAMP_TYPE) {
          return nodes.textNode(Timestamps.formatUtc(validatedTimestamp(in, header), Timestamps.ALL_DIGITS));
        }
        return nodes.binaryNode(in.readPayload(header.getLength()));
      }
    }
  }

  /**
   * Reads a string whose length was validated. msgpack-core's unpackString allocates a 16 KB decode buffer
   * and a CharsetDecoder per unpacker; the JDK's UTF-8 constructor is several times faster for short strings
   * and replaces malformed bytes the same way.
   */
  public static String string(MessageUnpacker in) throws IOException {
    int length = in.unpackRawStringHeader();
    return new String(in.readPayload(length), StandardCharsets.UTF_8);
  }

  // JSON object keys are strings; .NET dictionaries with number keys arrive as MessagePack integers.
  private static String keyText(MessageUnpacker in) throws IOException {
    MessageFormat format = in.getNextFormat();
    if (format.getValueType() == org.msgpack.value.ValueType.STRING) {
      return string(in);
    }
    return in.unpackValue().toString();
  }
}
