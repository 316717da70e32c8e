package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.hub.internal.TreeToMessagePack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePacker;

/** A value held as validated UTF-8 JSON text: a slice of the message it arrived in. */
final class JsonRawValue extends RawValue implements SerializableString {
  // Shared with the other values of the same message; never written to.
  private final byte[] buffer;
  private final int offset;
  private final int length;

  JsonRawValue(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public Form form() {
    return Form.JSON;
  }

  @Override
  public <T> @Nullable T bind(Type type, ObjectMapper mapper) throws ArgumentBindingException {
    try {
      return mapper.readerFor(mapper.constructType(type)).readValue(buffer, offset, length);
    } catch (IOException | RuntimeException e) {
      throw bindingError(type, e);
    }
  }

  @Override
  public JsonNode toTree(ObjectMapper mapper) {
    try {
      return mapper.readTree(buffer, offset, length);
    } catch (IOException e) {
      // validated when created, so only a mapper with stricter settings than the parser's can get here
      throw new UncheckedIOException(e);
    }
  }

  @Override
  void writeJson(JsonGenerator out, ObjectMapper mapper) throws IOException {
    out.writeRawValue(this);
  }

  @Override
  void writeMessagePack(MessagePacker out, ObjectMapper mapper) throws IOException {
    // Scalars (most arguments) are packed straight from the token; only containers need a tree, because
    // MessagePack writes element counts before the elements.
    try (JsonParser p = mapper.getFactory().createParser(buffer, offset, length)) {
      JsonToken token = p.nextToken();
      switch (token) {
        case VALUE_STRING -> out.packString(p.getText());
        case VALUE_TRUE, VALUE_FALSE -> out.packBoolean(token == JsonToken.VALUE_TRUE);
        case VALUE_NULL -> out.packNil();
        case VALUE_NUMBER_INT -> {
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            TreeToMessagePack.write(mapper.getNodeFactory().numberNode(p.getBigIntegerValue()), out);
          } else {
            out.packLong(p.getLongValue());
          }
        }
        case VALUE_NUMBER_FLOAT -> out.packDouble(p.getDoubleValue());
        default -> TreeToMessagePack.write(mapper.readTree(p), out);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonRawValue other
        && Arrays.equals(buffer, offset, offset + length, other.buffer, other.offset, other.offset + length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + buffer[i];
    }
    return h;
  }

  // SerializableString lets the JSON generator copy the bytes as they are, without decoding to chars.

  @Override
  public String getValue() {
    return new String(buffer, offset, length, StandardCharsets.UTF_8);
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  @Override
  public char[] asQuotedChars() {
    return getValue().toCharArray();
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return Arrays.copyOfRange(buffer, offset, offset + length);
  }

  @Override
  public byte[] asQuotedUTF8() {
    return asUnquotedUTF8();
  }

  @Override
  public int appendQuotedUTF8(byte[] target, int targetOffset) {
    return appendUnquotedUTF8(target, targetOffset);
  }

  @Override
  public int appendQuoted(char[] target, int targetOffset) {
    return appendUnquoted(target, targetOffset);
  }

  @Override
  public int appendUnquotedUTF8(byte[] target, int targetOffset) {
    if (targetOffset + length > target.length) {
      return -1;
    }
    System.arraycopy(buffer, offset, target, targetOffset, length);
    return length;
  }

  @Override
  public int appendUnquoted(char[] target, int targetOffset) {
    String value = getValue();
    if (targetOffset + value.length() > target.length) {
      return -1;
    }
    value.getChars(0, value.length(), target, targetOffset);
    return value.length();
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) throws IOException {
    return writeUnquotedUTF8(out);
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    out.write(buffer, offset, length);
    return length;
  }

  @Override
  public int putQuotedUTF8(ByteBuffer target) {
    return putUnquotedUTF8(target);
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer target) {
    if (target.remaining() < length) {
      return -1;
    }
    target.put(buffer, offset, length);
    return length;
  }
}
