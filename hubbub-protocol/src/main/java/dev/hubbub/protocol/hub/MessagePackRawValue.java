package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.hub.internal.MessagePackValues;
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
  public <T> @Nullable T bind(Type type, ObjectMapper mapper) throws ArgumentBindingException {
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
