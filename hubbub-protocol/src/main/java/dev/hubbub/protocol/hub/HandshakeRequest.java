package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.hubbub.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The client's first message: {@code {"protocol":"json","version":1}} followed by {@code 0x1E}. It is JSON
 * for every hub protocol (a MessagePack client sends it too, often in a WebSocket text frame).
 *
 * @param protocol the hub protocol name the client wants
 * @param version the protocol version (1, or 2 with stateful reconnect)
 */
public record HandshakeRequest(String protocol, int version) {

  /** Requires a protocol name. */
  public HandshakeRequest {
    Objects.requireNonNull(protocol, "protocol");
  }

  /**
   * Reads a handshake request from the start of {@code input} if it is complete, with a 32 KB limit.
   *
   * @see #tryParse(ByteBuffer, int)
   */
  public static @Nullable HandshakeRequest tryParse(ByteBuffer input) throws ProtocolException {
    return tryParse(input, HandshakeFraming.DEFAULT_MAX_SIZE);
  }

  /**
   * Reads a handshake request from the start of {@code input} if its terminating {@code 0x1E} has arrived.
   * On success the position moves past the separator, so the bytes that remain are hub messages that came in
   * the same read; otherwise the position is unchanged and the caller retries with more bytes.
   *
   * @return the request, or null when the separator has not arrived yet
   * @throws ProtocolException when the request is malformed, misses a property or exceeds {@code maxSize}
   */
  public static @Nullable HandshakeRequest tryParse(ByteBuffer input, int maxSize) throws ProtocolException {
    int end = HandshakeFraming.findEnd(input, maxSize);
    if (end < 0) {
      return null;
    }
    return parseJson(HandshakeFraming.take(input, end));
  }

  private static final byte[] JSON_V1 =
      "{\"protocol\":\"json\",\"version\":1}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MESSAGEPACK_V1 =
      "{\"protocol\":\"messagepack\",\"version\":1}".getBytes(StandardCharsets.US_ASCII);

  private static HandshakeRequest parseJson(byte[] json) throws ProtocolException {
    // What the official clients send, recognized without a parser (one fewer per connection).
    if (Arrays.equals(json, JSON_V1)) {
      return new HandshakeRequest("json", 1);
    }
    if (Arrays.equals(json, MESSAGEPACK_V1)) {
      return new HandshakeRequest("messagepack", 1);
    }
    String protocol = null;
    Integer version = null;
    try (JsonParser p = HandshakeFraming.JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ProtocolException("Expected the handshake request to be a JSON object.");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "protocol" -> {
            if (value != JsonToken.VALUE_STRING) {
              throw new ProtocolException("Expected 'protocol' to be of type String.");
            }
            protocol = p.getText();
          }
          case "version" -> {
            if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
              throw new ProtocolException("Expected 'version' to be of type Integer.");
            }
            version = p.getIntValue();
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new ProtocolException("Expected the handshake request to be one JSON object.");
      }
    } catch (IOException e) {
      throw new ProtocolException("Invalid handshake request JSON: " + JsonErrors.describe(e), e);
    }
    if (protocol == null) {
      throw new ProtocolException("Missing required property 'protocol'.");
    }
    if (version == null) {
      throw new ProtocolException("Missing required property 'version'.");
    }
    return new HandshakeRequest(protocol, version);
  }

  /** The request as a client sends it: {@code {"protocol":"...","version":N}} and {@code 0x1E}. */
  public byte[] toBytes() {
    ByteArrayBuilder out = new ByteArrayBuilder(64);
    try (JsonGenerator g = HandshakeFraming.JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("protocol", protocol);
      g.writeNumberField("version", version);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write(JsonHubProtocol.RECORD_SEPARATOR);
    return out.toByteArray();
  }
}
