package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.hubbub.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server's answer to the handshake, JSON and {@code 0x1E} for every hub protocol: exactly {@code {}} on
 * success, {@code {"error":"..."}} on failure (after which the server closes the connection).
 *
 * @param error why the handshake failed, or null on success
 */
public record HandshakeResponse(@Nullable String error) {
  /** Success: {@code {}} and {@code 0x1E}. */
  public static final HandshakeResponse SUCCESS = new HandshakeResponse(null);

  private static final byte[] SUCCESS_BYTES = {'{', '}', JsonHubProtocol.RECORD_SEPARATOR};

  /** A failed handshake; use .NET's texts, for example {@code The protocol 'X' is not supported.} */
  public static HandshakeResponse error(String error) {
    return new HandshakeResponse(Objects.requireNonNull(error, "error"));
  }

  /** Whether the handshake succeeded. */
  public boolean isSuccess() {
    return error == null;
  }

  /** The response as sent, separator included; non-ASCII characters of the error are escaped. */
  public byte[] toBytes() {
    if (error == null) {
      return SUCCESS_BYTES.clone();
    }
    ByteArrayBuilder out = new ByteArrayBuilder(64 + error.length());
    try (JsonGenerator g = HandshakeFraming.JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", error);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write(JsonHubProtocol.RECORD_SEPARATOR);
    return out.toByteArray();
  }

  /** Reads a handshake response from the start of {@code input} with a 32 KB limit; see {@link #tryParse(ByteBuffer, int)}. */
  public static @Nullable HandshakeResponse tryParse(ByteBuffer input) throws ProtocolException {
    return tryParse(input, HandshakeFraming.DEFAULT_MAX_SIZE);
  }

  /**
   * Reads a handshake response from the start of {@code input} if its {@code 0x1E} has arrived, moving the
   * position past it (the remaining bytes are hub messages); otherwise returns null and leaves the position.
   *
   * @throws ProtocolException when the response is malformed, is a hub message, or exceeds {@code maxSize}
   */
  public static @Nullable HandshakeResponse tryParse(ByteBuffer input, int maxSize) throws ProtocolException {
    int end = HandshakeFraming.findEnd(input, maxSize);
    if (end < 0) {
      return null;
    }
    byte[] json = HandshakeFraming.take(input, end);
    String error = null;
    try (JsonParser p = HandshakeFraming.JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ProtocolException("Expected the handshake response to be a JSON object.");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "type" -> throw new ProtocolException("Expected a handshake response from the server.");
          case "error" -> {
            if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
              throw new ProtocolException("Expected 'error' to be of type String.");
            }
            error = value == JsonToken.VALUE_NULL ? null : p.getText();
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new ProtocolException("Expected the handshake response to be one JSON object.");
      }
    } catch (IOException e) {
      throw new ProtocolException("Invalid handshake response JSON: " + JsonErrors.describe(e), e);
    }
    return error == null ? SUCCESS : new HandshakeResponse(error);
  }
}
