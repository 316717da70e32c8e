package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.internal.MessagePackValues;
import dev.hubbub.protocol.hub.internal.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** A value held as validated MessagePack bytes: a slice of the message it arrived in. */
final class MessagePackRawValue extends RawValue {
  // Shared with the other values of the same message; never written to.
  private final byte[] buffer;
  private final int offset;
  private final int length;

  MessagePackRawValue(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public Form form() {
    return Form.MESSAGEPACK;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T bind(Type type, ObjectMapper mapper) throws ArgumentBindingException {
    if (Timestamps.isDateType(type) && isTimestamp()) {
      // Straight from the timestamp, whatever the mapper knows of java.time, and to the nanosecond.
      try {
        return (T) Timestamps.convert(Timestamps.decode(Arrays.copyOfRange(buffer, offset + length - dataLength(),
            offset + length)), type);
      } catch (ProtocolException | RuntimeException e) {
        // a ProtocolException cannot happen (validated when created); a Date cannot hold every timestamp
        throw bindingError(type, e);
      }
    }
    JsonNode tree = toTree(mapper);
    try {
      return mapper.readerFor(mapper.constructType(type)).readValue(tree);
    } catch (IOException | RuntimeException e) {
      throw bindingError(type, e);
    }
  }

  @Override
  public JsonNode toTree(ObjectMapper mapper) {
    try (MessageUnpacker in = unpacker()) {
      return MessagePackValues.toTree(in, mapper.getNodeFactory());
    } catch (IOException e) {
      throw new UncheckedIOException("validated MessagePack value failed to convert", e);
    }
  }

  @Override
  void writeJson(JsonGenerator out, ObjectMapper mapper) throws IOException {
    try (MessageUnpacker in = unpacker()) {
      MessagePackValues.copyToJson(in, out);
    }
  }

  @Override
  void writeMessagePack(MessagePacker out, ObjectMapper mapper) throws IOException {
    out.writePayload(buffer, offset, length);
  }

  /** Whether the value is one timestamp extension: {@code d6 ff}, {@code d7 ff} or {@code c7 0c ff} and its data. */
  private boolean isTimestamp() {
    return dataLength() > 0;
  }

  // The data length of a timestamp value, or 0 when the value is not a timestamp.
  private int dataLength() {
    int b0 = buffer[offset] & 0xFF;
    byte type = length > 2 ? buffer[offset + (b0 == 0xC7 ? 2 : 1)] : 0;
    if (type != Timestamps.TYPE) {
      return 0;
    }
    if (b0 == 0xD6 && length == 6) {
      return 4;
    } else if (b0 == 0xD7 && length == 10) {
      return 8;
    } else if (b0 == 0xC7 && length == 15 && buffer[offset + 1] == 12) {
      return 12;
    }
    return 0;
  }

  private MessageUnpacker unpacker() {
    return MessagePack.newDefaultUnpacker(buffer, offset, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessagePackRawValue other
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
}
