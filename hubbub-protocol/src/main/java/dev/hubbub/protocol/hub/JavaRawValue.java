package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.hub.internal.TreeToMessagePack;
import java.io.IOException;
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
      TreeToMessagePack.write(toTree(mapper), out);
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
