package dev.hubbub.service.internal.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The message in a REST send request, in one of its two documented forms.
 *
 * <ul>
 *   <li>JSON {@code {"target": "...", "arguments": [...]}}, property names matched case-insensitively (the
 *       management SDK writes {@code Target} and {@code Arguments}).
 *   <li>{@code application/octet-stream}: a MessagePack map from hub protocol name ({@code json},
 *       {@code messagepack}) to the complete framed invocation in that protocol, sent as is to clients of
 *       that protocol.
 * </ul>
 */
public sealed interface RestMessage {
  /** The JSON form. {@code arguments} is a JSON array, empty when the body had none. */
  record Json(String target, ArrayNode arguments) implements RestMessage {}

  /** The binary form: framed hub messages by protocol name (lower case). */
  record PreEncoded(Map<String, byte[]> payloads) implements RestMessage {}

  /** The largest body the API accepts, as the service documents. */
  int MAX_BODY_SIZE = 1024 * 1024;

  /**
   * Reads a body.
   *
   * @throws RestException 400 for a malformed body or a missing target, 413 past {@link #MAX_BODY_SIZE},
   *     415 for another content type
   */
  static RestMessage parse(String contentType, byte[] body) throws RestException {
    return parse(contentType, body, MAX_BODY_SIZE);
  }

  /**
   * Reads a body with another size limit.
   *
   * @see #parse(String, byte[])
   */
  static RestMessage parse(String contentType, byte[] body, int maxBodySize) throws RestException {
    if (body.length > maxBodySize) {
      throw new RestException(413, "Error.Request.TooLarge", "The request body is " + body.length
          + " bytes; the limit is " + maxBodySize + " bytes (ServiceOptions.maxRestBodySize). Send less per request.");
    }
    if (body.length == 0) {
      throw RestException.badRequest("Message in request body is required.");
    }
    String type = contentType == null ? "application/json" : contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon);
    }
    type = type.trim();
    return switch (type) {
      case "application/json", "text/json", "" -> parseJson(body);
      case "application/octet-stream" -> parseBinary(body);
      default -> throw new RestException(415, "Error.Request.UnsupportedMediaType",
          "Content type '" + contentType + "' is not supported. Send application/json ({\"target\":\"...\","
              + "\"arguments\":[...]}) or application/octet-stream (a MessagePack map of framed messages by protocol).");
    };
  }

  private static Json parseJson(byte[] body) throws RestException {
    JsonNode root;
    try {
      root = Mapper.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw RestException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw RestException.badRequest("The request body could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw RestException.badRequest("The request body must be a JSON object {\"target\":\"...\",\"arguments\":[...]}.");
    }
    JsonNode target = null;
    JsonNode arguments = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase("target")) {
        target = e.getValue();
      } else if (e.getKey().equalsIgnoreCase("arguments")) {
        arguments = e.getValue();
      }
    }
    if (target == null || !target.isTextual() || target.asText().isEmpty()) {
      throw RestException.badRequest("The 'target' property of the message is required and must be a non-empty string.");
    }
    if (arguments == null || arguments.isNull()) {
      return new Json(target.asText(), Mapper.MAPPER.createArrayNode());
    }
    if (!arguments.isArray()) {
      throw RestException.badRequest("The 'arguments' property of the message must be a JSON array.");
    }
    return new Json(target.asText(), (ArrayNode) arguments);
  }

  private static PreEncoded parseBinary(byte[] body) throws RestException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(body)) {
      if (unpacker.getNextFormat().getValueType() != ValueType.MAP) {
        throw RestException.badRequest("A binary message must be a MessagePack map from protocol name to payload.");
      }
      int entries = unpacker.unpackMapHeader();
      if (entries > body.length) {
        throw RestException.badRequest("The binary message declares " + entries + " entries in " + body.length + " bytes.");
      }
      Map<String, byte[]> payloads = new LinkedHashMap<>();
      for (int i = 0; i < entries; i++) {
        if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
          throw RestException.badRequest("The keys of a binary message must be protocol names (strings).");
        }
        String protocol = unpacker.unpackString().toLowerCase(Locale.ROOT);
        ValueType valueType = unpacker.getNextFormat().getValueType();
        if (valueType != ValueType.BINARY) {
          throw RestException.badRequest("The payload for protocol '" + protocol + "' must be MessagePack binary, not "
              + valueType + ".");
        }
        int length = unpacker.unpackBinaryHeader();
        if (length > body.length) {
          throw RestException.badRequest("The payload for protocol '" + protocol + "' declares " + length
              + " bytes, more than the body holds.");
        }
        payloads.put(protocol, unpacker.readPayload(length));
      }
      if (payloads.isEmpty()) {
        throw RestException.badRequest("Message in request body is required.");
      }
      return new PreEncoded(Map.copyOf(payloads));
    } catch (IOException | org.msgpack.core.MessagePackException e) {
      throw RestException.badRequest("The binary message is not valid MessagePack: " + e.getMessage());
    }
  }
}

/** Holder of the shared mapper, out of the interface's public surface. */
final class Mapper {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Mapper() {}
}
