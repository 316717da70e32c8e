package dev.hubbub.protocol.hub;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.internal.MessagePackValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Decodes one MessagePack hub message (the array layouts of HubProtocol.md). Every declared length is checked
 * against the bytes that remain before anything is read or allocated. Arguments, items and results are kept
 * as slices of the input. Layouts from the TypeScript client with fewer elements (5-element invocations,
 * 2-element close) are accepted; elements past the known ones are skipped.
 */
final class MessagePackHubMessageParser {
  private final byte[] input;
  private final MessageUnpacker in;

  private MessagePackHubMessageParser(byte[] input) {
    this.input = input;
    this.in = MessagePack.newDefaultUnpacker(input);
  }

  /** Decodes {@code input}, which this parser then owns (raw values are slices of it). */
  static @Nullable HubMessage parse(byte[] input) throws ProtocolException {
    MessagePackHubMessageParser parser = new MessagePackHubMessageParser(input);
    try (MessageUnpacker unused = parser.in) {
      return parser.parse();
    } catch (IOException | MessagePackException e) {
      throw new ProtocolException("Malformed MessagePack hub message: " + MessagePackValues.describe(e), e);
    }
  }

  private @Nullable HubMessage parse() throws IOException, ProtocolException {
    if (input.length == 0) {
      throw new ProtocolException("Empty MessagePack hub message: expected an array.");
    }
    expect(ValueType.ARRAY, "a hub message");
    int count = in.unpackArrayHeader();
    checkCount(count, 1, "hub message array");
    if (count == 0) {
      throw new ProtocolException("Hub message is an empty MessagePack array; expected the message type first.");
    }
    long typeId = readLong("the message type");
    HubMessageType type = HubMessageType.fromId(typeId);
    HubMessage message = null;
    int read = 1;
    if (type != null) {
      int minimum = minimumElements(type);
      if (count < minimum) {
        throw new ProtocolException(name(type) + " message has " + count + " elements; expected at least " + minimum + ".");
      }
      message = readBody(type, count);
      read = message instanceof CompletionMessage c && c.kind() == CompletionMessage.Kind.VOID
          ? 4 : elementsRead(type, count);
    }
    for (int i = read; i < count; i++) {
      // Unknown message types and elements added by later protocol versions are skipped.
      MessagePackValues.skip(in, input.length, 1);
    }
    long trailing = input.length - in.getTotalReadBytes();
    if (trailing != 0) {
      throw new ProtocolException("Unexpected " + trailing + " bytes after the MessagePack hub message.");
    }
    return message;
  }

  private static int minimumElements(HubMessageType type) {
    return switch (type) {
      case INVOCATION, STREAM_INVOCATION -> 5;
      case STREAM_ITEM, COMPLETION -> 4;
      case CANCEL_INVOCATION -> 3;
      case CLOSE, ACK, SEQUENCE -> 2;
      case PING -> 1;
    };
  }

  private static int elementsRead(HubMessageType type, int count) {
    return switch (type) {
      case INVOCATION, STREAM_INVOCATION -> Math.min(count, 6);
      case COMPLETION -> Math.min(count, 5);
      case CLOSE -> Math.min(count, 3);
      default -> minimumElements(type);
    };
  }

  private HubMessage readBody(HubMessageType type, int count) throws IOException, ProtocolException {
    return switch (type) {
      case INVOCATION -> {
        Map<String, String> headers = readHeaders();
        String id = readNullableString("'invocationId'");
        String target = readTarget(type);
        Arguments arguments = readArguments();
        List<String> streamIds = count > 5 ? readStreamIds() : List.of();
        yield new InvocationMessage(headers, id, target, arguments, streamIds);
      }
      case STREAM_INVOCATION -> {
        Map<String, String> headers = readHeaders();
        String id = readString("'invocationId'");
        String target = readTarget(type);
        Arguments arguments = readArguments();
        List<String> streamIds = count > 5 ? readStreamIds() : List.of();
        yield new StreamInvocationMessage(headers, id, target, arguments, streamIds);
      }
      case STREAM_ITEM -> new StreamItemMessage(readHeaders(), readString("'invocationId'"), readRaw());
      case COMPLETION -> readCompletion(count);
      case CANCEL_INVOCATION -> new CancelInvocationMessage(readHeaders(), readString("'invocationId'"));
      case PING -> PingMessage.INSTANCE;
      case CLOSE -> {
        String error = readNullableString("the close error");
        boolean allowReconnect = count > 2 && readBoolean("'allowReconnect'");
        yield error == null && !allowReconnect ? CloseMessage.EMPTY : new CloseMessage(error, allowReconnect);
      }
      case ACK -> new AckMessage(readLong("'sequenceId'"));
      case SEQUENCE -> new SequenceMessage(readLong("'sequenceId'"));
    };
  }

  private CompletionMessage readCompletion(int count) throws IOException, ProtocolException {
    Map<String, String> headers = readHeaders();
    String id = readString("'invocationId'");
    if (id.isEmpty()) { // as the JSON protocol: no invocation has an empty id for a completion to answer
      throw new ProtocolException("Completion message has an empty 'invocationId'.");
    }
    long kind = readLong("the completion's result kind");
    if (kind == CompletionMessage.Kind.VOID.wireId()) {
      return new CompletionMessage(headers, id, CompletionMessage.Kind.VOID, null, null);
    }
    if (kind != CompletionMessage.Kind.ERROR.wireId() && kind != CompletionMessage.Kind.RESULT.wireId()) {
      throw new ProtocolException("Invalid completion result kind " + kind + "; expected 1 (error), 2 (void) or 3 (result).");
    }
    if (count < 5) {
      throw new ProtocolException("Completion message with result kind " + kind
          + " has no fifth element for its " + (kind == 1 ? "error" : "result") + ".");
    }
    if (kind == CompletionMessage.Kind.ERROR.wireId()) {
      return new CompletionMessage(headers, id, CompletionMessage.Kind.ERROR, null, readString("the completion error"));
    }
    return new CompletionMessage(headers, id, CompletionMessage.Kind.RESULT, readRaw(), null);
  }

  private String readTarget(HubMessageType type) throws IOException, ProtocolException {
    String target = readString("'target'");
    if (target.isEmpty()) {
      throw new ProtocolException(name(type) + " message has an empty 'target'; a method name is required.");
    }
    return target;
  }

  private Map<String, String> readHeaders() throws IOException, ProtocolException {
    expect(ValueType.MAP, "'headers'");
    int count = in.unpackMapHeader();
    checkCount(count, 2, "headers map");
    if (count == 0) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = readString("a header name");
      headers.put(key, readString("header '" + key + "'"));
    }
    return headers;
  }

  private Arguments readArguments() throws IOException, ProtocolException {
    expect(ValueType.ARRAY, "'arguments'");
    int count = in.unpackArrayHeader();
    checkCount(count, 1, "arguments array");
    if (count == 0) {
      return Arguments.EMPTY;
    }
    List<RawValue> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(readRaw());
    }
    return Arguments.ofValues(values);
  }

  private List<String> readStreamIds() throws IOException, ProtocolException {
    if (in.tryUnpackNil()) {
      return List.of();
    }
    expect(ValueType.ARRAY, "'streamIds'");
    int count = in.unpackArrayHeader();
    checkCount(count, 1, "streamIds array");
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(readString("a stream id"));
    }
    return ids;
  }

  private RawValue readRaw() throws IOException, ProtocolException {
    int start = (int) in.getTotalReadBytes();
    MessagePackValues.skip(in, input.length, 0);
    int end = (int) in.getTotalReadBytes();
    return new MessagePackRawValue(input, start, end - start);
  }

  private @Nullable String readNullableString(String what) throws IOException, ProtocolException {
    return in.tryUnpackNil() ? null : readString(what);
  }

  private String readString(String what) throws IOException, ProtocolException {
    expect(ValueType.STRING, what);
    int length = in.unpackRawStringHeader();
    checkCount(length, 1, "string");
    return new String(in.readPayload(length), StandardCharsets.UTF_8);
  }

  private long readLong(String what) throws IOException, ProtocolException {
    MessageFormat format = expect(ValueType.INTEGER, what);
    if (format == MessageFormat.UINT64) {
      // unpackLong would throw for values past Long.MAX_VALUE; no SignalR number is that large
      java.math.BigInteger value = in.unpackBigInteger();
      if (value.bitLength() > 63) {
        throw new ProtocolException("Expected " + what + " to fit in a signed 64-bit integer but found " + value + ".");
      }
      return value.longValue();
    }
    return in.unpackLong();
  }

  private boolean readBoolean(String what) throws IOException, ProtocolException {
    if (in.tryUnpackNil()) {
      return false;
    }
    expect(ValueType.BOOLEAN, what);
    return in.unpackBoolean();
  }

  private MessageFormat expect(ValueType type, String what) throws IOException, ProtocolException {
    if (!in.hasNext()) {
      throw new ProtocolException("MessagePack hub message is truncated: expected " + what + " but the input ended.");
    }
    MessageFormat format = in.getNextFormat();
    if (format == MessageFormat.NEVER_USED || format.getValueType() != type) {
      throw new ProtocolException("Expected a MessagePack " + type.name().toLowerCase(java.util.Locale.ROOT) + " for "
          + what + " but found " + (format == MessageFormat.NEVER_USED ? "the reserved byte 0xC1" : format.getValueType()) + ".");
    }
    return format;
  }

  private void checkCount(long count, int minBytesEach, String what) throws ProtocolException {
    long remaining = input.length - in.getTotalReadBytes();
    if (count < 0 || count * minBytesEach > remaining) {
      throw new ProtocolException("MessagePack " + what + " declares " + (count & 0xFFFFFFFFL)
          + " items or bytes but only " + remaining + " bytes remain in the message.");
    }
  }

  private static String name(HubMessageType type) {
    return switch (type) {
      case INVOCATION -> "Invocation";
      case STREAM_ITEM -> "StreamItem";
      case COMPLETION -> "Completion";
      case STREAM_INVOCATION -> "StreamInvocation";
      case CANCEL_INVOCATION -> "CancelInvocation";
      case PING -> "Ping";
      case CLOSE -> "Close";
      case ACK -> "Ack";
      case SEQUENCE -> "Sequence";
    };
  }
}
