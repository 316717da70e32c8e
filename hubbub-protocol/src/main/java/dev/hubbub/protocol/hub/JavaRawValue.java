package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.hubbub.protocol.hub.internal.Timestamps;
import dev.hubbub.protocol.hub.internal.TreeToMessagePack;
import java.io.IOException;
import java.time.Instant;
import java.lang.reflect.Type;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePacker;

/**
 * A Java object, serialized when a protocol writes it. A value Jackson cannot serialize is a programming
 * error and surfaces as {@link IllegalArgumentException} from the write.
 */
final class JavaRawValue extends RawValue {
  private final @Nullable Object value;

  JavaRawValue(@Nullable Object value) {
    this.value = value;
  }

  @Override
  public Form form() {
    return Form.JAVA;
  }

  /** The object itself. */
  @Nullable Object value() {
    return value;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T bind(Type type, ObjectMapper mapper) throws ArgumentBindingException {
    try {
      return (T) mapper.convertValue(value, mapper.constructType(type));
    } catch (RuntimeException e) {
      throw bindingError(type, e);
    }
  }

  @Override
  public JsonNode toTree(ObjectMapper mapper) {
    return mapper.valueToTree(value);
  }

  // Strings, booleans and whole numbers are most arguments; writing them directly skips Jackson's
  // serializer lookup (JSON) and a tree per value (MessagePack). Mappers cannot customize these types'
  // JSON form without a custom serializer, which is rare enough to accept.

  @Override
  void writeJson(JsonGenerator out, ObjectMapper mapper) throws IOException {
    if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long) {
      out.writeNumber(((Number) value).longValue());
    } else {
      mapper.writeValue(out, value);
    }
  }

  @Override
  void writeMessagePack(MessagePacker out, ObjectMapper mapper) throws IOException {
    if (value == null) {
      out.packNil();
    } else if (value instanceof String s) {
      out.packString(s);
    } else if (value instanceof Boolean b) {
      out.packBoolean(b);
    } else if (value instanceof Integer || value instanceof Long) {
      out.packLong(((Number) value).longValue());
    } else {
      Instant instant = Timestamps.instantOf(value);
      if (instant != null) {
        // A date argument, item or result is a timestamp whatever the mapper, as .NET's MessagePack writes it.
        Timestamps.write(out, instant);
      } else {
        TreeToMessagePack.write(messagePackTree(value, mapper), out);
      }
    }
  }

  /**
   * {@code value} as a tree, as {@link ObjectMapper#valueToTree} makes it, but with the attribute that has
   * {@link HubDateTimeModule}'s serializers keep dates as embedded objects, which become timestamps.
   */
  private static JsonNode messagePackTree(Object value, ObjectMapper mapper) throws IOException {
    TokenBuffer buffer = new TokenBuffer(mapper, false);
    if (mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)) {
      buffer = buffer.forceUseOfBigDecimal(true);
    }
    mapper.writer().without(SerializationFeature.WRAP_ROOT_VALUE)
        .withAttribute(HubDateTimeModule.MESSAGEPACK_TIMESTAMPS, Boolean.TRUE)
        .writeValue(buffer, value);
    try (JsonParser p = buffer.asParser()) {
      JsonNode tree = mapper.readTree(p);
      return tree == null ? mapper.getNodeFactory().nullNode() : tree;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JavaRawValue other && Objects.deepEquals(value, other.value);
  }

  @Override
  public int hashCode() {
    return value instanceof byte[] bytes ? java.util.Arrays.hashCode(bytes) : Objects.hashCode(value);
  }
}
