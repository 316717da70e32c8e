package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePacker;

/**
 * Writes one MessagePack hub message with the layouts ASP.NET Core writes: 6-element invocations (an empty
 * {@code streamIds} array when there are none), 3-element close, {@code [6]} for ping.
 */
final class MessagePackHubMessageWriter {
  private MessagePackHubMessageWriter() {}

  static void write(HubMessage message, MessagePacker out, ObjectMapper mapper) throws IOException {
    if (message instanceof InvocationMessage m) {
      out.packArrayHeader(6).packInt(1);
      writeHeaders(m.headers(), out);
      if (m.invocationId() == null) {
        out.packNil();
      } else {
        out.packString(m.invocationId());
      }
      out.packString(m.target());
      writeArguments(m.arguments(), out, mapper);
      writeStreamIds(m.streamIds(), out);
    } else if (message instanceof StreamInvocationMessage m) {
      out.packArrayHeader(6).packInt(4);
      writeHeaders(m.headers(), out);
      out.packString(m.invocationId());
      out.packString(m.target());
      writeArguments(m.arguments(), out, mapper);
      writeStreamIds(m.streamIds(), out);
    } else if (message instanceof StreamItemMessage m) {
      out.packArrayHeader(4).packInt(2);
      writeHeaders(m.headers(), out);
      out.packString(m.invocationId());
      m.item().writeMessagePack(out, mapper);
    } else if (message instanceof CompletionMessage m) {
      out.packArrayHeader(m.kind() == CompletionMessage.Kind.VOID ? 4 : 5).packInt(3);
      writeHeaders(m.headers(), out);
      out.packString(m.invocationId());
      out.packInt(m.kind().wireId());
      if (m.kind() == CompletionMessage.Kind.ERROR) {
        out.packString(m.error());
      } else if (m.kind() == CompletionMessage.Kind.RESULT && m.result() != null) {
        m.result().writeMessagePack(out, mapper);
      }
    } else if (message instanceof CancelInvocationMessage m) {
      out.packArrayHeader(3).packInt(5);
      writeHeaders(m.headers(), out);
      out.packString(m.invocationId());
    } else if (message instanceof PingMessage) {
      out.packArrayHeader(1).packInt(6);
    } else if (message instanceof CloseMessage m) {
      out.packArrayHeader(3).packInt(7);
      if (m.error() == null) {
        out.packNil();
      } else {
        out.packString(m.error());
      }
      out.packBoolean(m.allowReconnect());
    } else if (message instanceof AckMessage m) {
      out.packArrayHeader(2).packInt(8).packLong(m.sequenceId());
    } else if (message instanceof SequenceMessage m) {
      out.packArrayHeader(2).packInt(9).packLong(m.sequenceId());
    }
  }

  private static void writeHeaders(Map<String, String> headers, MessagePacker out) throws IOException {
    out.packMapHeader(headers.size());
    for (Map.Entry<String, String> header : headers.entrySet()) {
      out.packString(header.getKey());
      out.packString(header.getValue());
    }
  }

  private static void writeArguments(Arguments arguments, MessagePacker out, ObjectMapper mapper) throws IOException {
    out.packArrayHeader(arguments.size());
    for (RawValue value : arguments.values()) {
      value.writeMessagePack(out, mapper);
    }
  }

  private static void writeStreamIds(List<String> streamIds, MessagePacker out) throws IOException {
    out.packArrayHeader(streamIds.size());
    for (String id : streamIds) {
      out.packString(id);
    }
  }
}
