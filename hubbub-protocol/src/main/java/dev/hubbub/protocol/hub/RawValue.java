package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.internal.JsonValues;
import dev.hubbub.protocol.hub.internal.MessagePackValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * One argument, stream item or completion result, held in the form it arrived in until someone needs it
 * in another form.
 *
 * <p>Three forms: the JSON text of the value (from the JSON protocol or a REST body), the MessagePack bytes of
 * the value (from the MessagePack protocol), or a Java object (from code that sends). Each protocol writes
 * any form: JSON text is copied as is into JSON messages and converted into MessagePack; MessagePack bytes
 * are copied into MessagePack messages and converted into JSON (binary as base64, timestamps as ISO-8601
 * strings); Java objects are serialized with the protocol's {@link ObjectMapper}, dates as MessagePack
 * timestamps (see {@link HubDateTimeModule}). A conversion never invents a timestamp: an ISO-8601 string from
 * JSON stays a string in MessagePack, as it does when ASP.NET Core or Azure SignalR re-encodes it. Nothing is bound to Java
 * types unless {@link #bind} is called, so the service can route messages it never understands.
 *
 * <p>Raw forms are validated when they are created, so converting them later cannot fail. Instances are
 * immutable and safe to share between threads. Equality compares the form and its bytes (or the Java
 * object), not the meaning: JSON {@code 1} and MessagePack {@code 01} are not equal.
 */
public abstract sealed class RawValue permits JsonRawValue, MessagePackRawValue, JavaRawValue {
  /** A null value (JSON {@code null}, MessagePack {@code nil}). */
  public static final RawValue NULL = new JavaRawValue(null);

  private static final ObjectMapper DEFAULT_MAPPER = HubProtocolOptions.newDefaultMapper();

  RawValue() {}

  /** The form the value is held in. */
  public enum Form {
    /** JSON text. */
    JSON,
    /** MessagePack bytes. */
    MESSAGEPACK,
    /** A Java object, serialized when written. */
    JAVA
  }

  /** A Java object, serialized by each protocol's mapper when written; null is {@link #NULL}. */
  public static RawValue ofJava(@Nullable Object value) {
    return value == null ? NULL : new JavaRawValue(value);
  }

  /** The JSON text of one value, validated. */
  public static RawValue ofJson(String json) throws ProtocolException {
    return ofJson(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The UTF-8 JSON text of one value, validated; the array is copied. */
  public static RawValue ofJson(byte[] utf8) throws ProtocolException {
    byte[] copy = utf8.clone();
    JsonValues.requireUtf8(copy);
    try (JsonParser p = DEFAULT_MAPPER.getFactory().createParser(copy)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ProtocolException("Expected one JSON value but the input is empty.");
      }
      int start = JsonValues.tokenStart(p);
      int end = (int) JsonValues.endOfValue(p);
      if (p.nextToken() != null) {
        throw new ProtocolException("Expected one JSON value but found more after it.");
      }
      return new JsonRawValue(copy, start, end - start);
    } catch (IOException e) {
      throw new ProtocolException("Invalid JSON value: " + JsonErrors.describe(e), e);
    }
  }

  /** The MessagePack bytes of one value, validated; the array is copied. */
  public static RawValue ofMessagePack(byte[] bytes) throws ProtocolException {
    byte[] copy = bytes.clone();
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(copy)) {
      MessagePackValues.skip(in, copy.length, 0);
      if (in.getTotalReadBytes() != copy.length) {
        throw new ProtocolException("Expected one MessagePack value but found "
            + (copy.length - in.getTotalReadBytes()) + " more bytes after it.");
      }
    } catch (IOException | org.msgpack.core.MessagePackException e) {
      throw new ProtocolException("Invalid MessagePack value: " + MessagePackValues.describe(e), e);
    }
    return new MessagePackRawValue(copy, 0, copy.length);
  }

  /** The form the value is held in. */
  public abstract Form form();

  /**
   * Converts the value to {@code type} with {@code mapper} (for MessagePack through a Jackson tree, so the
   * mapper's modules and settings apply to both protocols).
   *
   * @throws ArgumentBindingException when the value does not fit the type
   */
  public abstract <T> @Nullable T bind(Type type, ObjectMapper mapper) throws ArgumentBindingException;

  /** The value as a Jackson tree. */
  public abstract JsonNode toTree(ObjectMapper mapper);

  /** The value as UTF-8 JSON text (binary as base64). */
  public byte[] toJson(ObjectMapper mapper) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      writeJson(g, mapper);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The value as UTF-8 JSON text, with a default mapper for Java values. */
  public String toJsonString() {
    return new String(toJson(DEFAULT_MAPPER), StandardCharsets.UTF_8);
  }

  /** The value as MessagePack bytes. */
  public byte[] toMessagePack(ObjectMapper mapper) {
    MessageBufferPacker out = MessagePackHubProtocol.PACKER.newBufferPacker();
    try {
      writeMessagePack(out, mapper);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the value as the next JSON value of {@code out}. */
  abstract void writeJson(JsonGenerator out, ObjectMapper mapper) throws IOException;

  /** Writes the value as the next MessagePack value of {@code out}. */
  abstract void writeMessagePack(MessagePacker out, ObjectMapper mapper) throws IOException;

  static ArgumentBindingException bindingError(Type type, Exception e) {
    return new ArgumentBindingException("Cannot convert the value to " + type.getTypeName() + ": "
        + JsonErrors.describe(e), e);
  }

  @Override
  public String toString() {
    return form() + ":" + toJsonString();
  }
}
