package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.internal.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one JSON hub message. Properties may come in any order (.NET sends {@code arguments} before
 * {@code type} at times), so every property is read first and the message is built at the end; arguments,
 * items and results are kept as slices of the input, never bound. Unknown properties are skipped.
 */
final class JsonHubMessageParser {
  private final JsonFactory factory;
  // The fields seen so far; one parser instance per message, so no sharing.
  private final byte[] input;
  private @Nullable Long type;
  private @Nullable String invocationId;
  private @Nullable String target;
  private @Nullable List<RawValue> arguments;
  private @Nullable List<String> streamIds;
  private @Nullable Map<String, String> headers;
  private @Nullable RawValue item;
  private @Nullable RawValue result;
  private @Nullable String error;
  private boolean hasError;
  private boolean allowReconnect;
  private @Nullable Long sequenceId;

  private JsonHubMessageParser(JsonFactory factory, byte[] input) {
    this.factory = factory;
    this.input = input;
  }

  /** Decodes {@code input}, which this parser then owns (raw values are slices of it). */
  static @Nullable HubMessage parse(JsonFactory factory, byte[] input) throws ProtocolException {
    return new JsonHubMessageParser(factory, input).parse();
  }

  /**
   * Decodes a REST send body, {@code {"target":"m","arguments":[...]}}: a JSON invocation without
   * {@code type} (a {@code type} of 1 is allowed). Arguments stay raw.
   */
  static InvocationMessage parseSendBody(JsonFactory factory, byte[] input) throws ProtocolException {
    JsonHubMessageParser parser = new JsonHubMessageParser(factory, input);
    parser.readObject();
    if (parser.type != null && parser.type != HubMessageType.INVOCATION.id()) {
      throw new ProtocolException("Expected a send body with 'target' and 'arguments' but found a message of type "
          + parser.type + ".");
    }
    parser.type = (long) HubMessageType.INVOCATION.id();
    return (InvocationMessage) java.util.Objects.requireNonNull(parser.build(), "an invocation");
  }

  private @Nullable HubMessage parse() throws ProtocolException {
    readObject();
    return build();
  }

  private void readObject() throws ProtocolException {
    JsonValues.requireUtf8(input);
    try (JsonParser p = factory.createParser(input)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new ProtocolException("Expected a JSON object for a hub message but found " + describe(first) + ".");
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        readProperty(p, name);
      }
      if (token != JsonToken.END_OBJECT) {
        throw new ProtocolException("Hub message is incomplete: the JSON object is not closed.");
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new ProtocolException("Found " + describe(trailing)
            + " after the hub message's JSON object; a payload holds exactly one message.");
      }
    } catch (IOException e) {
      throw new ProtocolException("Invalid JSON in hub message: " + JsonErrors.describe(e), e);
    }
  }

  private void readProperty(JsonParser p, String name) throws IOException, ProtocolException {
    switch (name) {
      case "type" -> {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
          throw wrongType("type", "an integer", p.currentToken());
        }
        type = p.getValueAsLong();
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          type = -1L;
        }
      }
      case "invocationId" -> invocationId = optionalString(p, "invocationId");
      case "target" -> target = optionalString(p, "target");
      case "error" -> {
        error = optionalString(p, "error");
        hasError = error != null;
      }
      case "arguments" -> arguments = readArguments(p);
      case "streamIds" -> streamIds = readStreamIds(p);
      case "headers" -> headers = readHeaders(p);
      case "item" -> item = readValue(p);
      case "result" -> result = readValue(p);
      case "allowReconnect" -> {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE && t != JsonToken.VALUE_NULL) {
          throw wrongType("allowReconnect", "a boolean", t);
        }
        allowReconnect = t == JsonToken.VALUE_TRUE;
      }
      case "sequenceId" -> {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw wrongType("sequenceId", "an integer number", p.currentToken());
        }
        sequenceId = p.getLongValue();
      }
      default -> p.skipChildren();
    }
  }

  private static @Nullable String optionalString(JsonParser p, String name) throws IOException, ProtocolException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(name, "a string", t);
    }
    return p.getText();
  }

  private RawValue readValue(JsonParser p) throws IOException, ProtocolException {
    int start = JsonValues.tokenStart(p);
    int end = (int) JsonValues.endOfValue(p);
    return new JsonRawValue(input, start, end - start);
  }

  private List<RawValue> readArguments(JsonParser p) throws IOException, ProtocolException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType("arguments", "an array", p.currentToken());
    }
    List<RawValue> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      values.add(readValue(p));
    }
    return values;
  }

  private static List<String> readStreamIds(JsonParser p) throws IOException, ProtocolException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType("streamIds", "an array", p.currentToken());
    }
    List<String> ids = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw wrongType("streamIds", "an array of strings", t);
      }
      ids.add(p.getText());
    }
    return ids;
  }

  private static Map<String, String> readHeaders(JsonParser p) throws IOException, ProtocolException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw wrongType("headers", "an object", p.currentToken());
    }
    Map<String, String> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw wrongType("headers." + key, "a string", p.currentToken());
      }
      map.put(key, p.getText());
    }
    return map;
  }

  private @Nullable HubMessage build() throws ProtocolException {
    if (type == null) {
      throw new ProtocolException("Hub message is missing the required 'type' property.");
    }
    HubMessageType kind = HubMessageType.fromId(type);
    if (kind == null) {
      return null;
    }
    Map<String, String> h = headers == null ? Map.of() : headers;
    return switch (kind) {
      case INVOCATION -> new InvocationMessage(h, invocationId, requireTarget("Invocation"),
          require(arguments == null ? null : Arguments.ofValues(arguments), "Invocation", "arguments"),
          streamIds == null ? List.of() : streamIds);
      case STREAM_INVOCATION -> new StreamInvocationMessage(h, require(invocationId, "StreamInvocation", "invocationId"),
          requireTarget("StreamInvocation"),
          require(arguments == null ? null : Arguments.ofValues(arguments), "StreamInvocation", "arguments"),
          streamIds == null ? List.of() : streamIds);
      case STREAM_ITEM -> new StreamItemMessage(h, require(invocationId, "StreamItem", "invocationId"),
          require(item, "StreamItem", "item"));
      case COMPLETION -> completion(h);
      case CANCEL_INVOCATION -> new CancelInvocationMessage(h, require(invocationId, "CancelInvocation", "invocationId"));
      case PING -> PingMessage.INSTANCE;
      case CLOSE -> error == null && !allowReconnect ? CloseMessage.EMPTY : new CloseMessage(error, allowReconnect);
      case ACK -> new AckMessage(require(sequenceId, "Ack", "sequenceId"));
      case SEQUENCE -> new SequenceMessage(require(sequenceId, "Sequence", "sequenceId"));
    };
  }

  private CompletionMessage completion(Map<String, String> h) throws ProtocolException {
    String id = require(invocationId, "Completion", "invocationId");
    if (id.isEmpty()) {
      throw new ProtocolException("Completion message has an empty 'invocationId'.");
    }
    if (hasError && result != null) {
      throw new ProtocolException("Completion message has both 'result' and 'error'; it may have only one.");
    }
    if (hasError) {
      return new CompletionMessage(h, id, CompletionMessage.Kind.ERROR, null, error);
    }
    if (result != null) {
      return new CompletionMessage(h, id, CompletionMessage.Kind.RESULT, result, null);
    }
    return new CompletionMessage(h, id, CompletionMessage.Kind.VOID, null, null);
  }

  private String requireTarget(String messageName) throws ProtocolException {
    String t = require(target, messageName, "target");
    if (t.isEmpty()) {
      throw new ProtocolException(messageName + " message has an empty 'target'; a method name is required.");
    }
    return t;
  }

  private static <T> T require(@Nullable T value, String messageName, String property) throws ProtocolException {
    if (value == null) {
      throw new ProtocolException(messageName + " message is missing the required '" + property + "' property.");
    }
    return value;
  }

  private static ProtocolException wrongType(String property, String expected, @Nullable JsonToken found) {
    return new ProtocolException("Expected '" + property + "' to be " + expected + " but found " + describe(found) + ".");
  }

  static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "the end of the input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }
}
