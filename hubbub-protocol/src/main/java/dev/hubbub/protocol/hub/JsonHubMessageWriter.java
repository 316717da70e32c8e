package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes one JSON hub message with the property order ASP.NET Core uses: {@code type}, {@code headers} (when
 * not empty), then the type's own properties. Optional properties are omitted rather than written as null,
 * except a null completion result, which is {@code "result":null}.
 */
final class JsonHubMessageWriter {
  private JsonHubMessageWriter() {}

  static void write(HubMessage message, JsonGenerator g, ObjectMapper mapper) throws IOException {
    g.writeStartObject();
    g.writeNumberField("type", message.type().id());
    if (message instanceof InvocationMessage m) {
      writeHeaders(m.headers(), g);
      if (m.invocationId() != null) {
        g.writeStringField("invocationId", m.invocationId());
      }
      g.writeStringField("target", m.target());
      writeArguments(m.arguments(), g, mapper);
      writeStreamIds(m.streamIds(), g);
    } else if (message instanceof StreamInvocationMessage m) {
      writeHeaders(m.headers(), g);
      g.writeStringField("invocationId", m.invocationId());
      g.writeStringField("target", m.target());
      writeArguments(m.arguments(), g, mapper);
      writeStreamIds(m.streamIds(), g);
    } else if (message instanceof StreamItemMessage m) {
      writeHeaders(m.headers(), g);
      g.writeStringField("invocationId", m.invocationId());
      g.writeFieldName("item");
      m.item().writeJson(g, mapper);
    } else if (message instanceof CompletionMessage m) {
      writeHeaders(m.headers(), g);
      g.writeStringField("invocationId", m.invocationId());
      if (m.kind() == CompletionMessage.Kind.ERROR) {
        g.writeStringField("error", m.error());
      } else if (m.kind() == CompletionMessage.Kind.RESULT && m.result() != null) {
        g.writeFieldName("result");
        m.result().writeJson(g, mapper);
      }
    } else if (message instanceof CancelInvocationMessage m) {
      writeHeaders(m.headers(), g);
      g.writeStringField("invocationId", m.invocationId());
    } else if (message instanceof CloseMessage m) {
      if (m.error() != null) {
        g.writeStringField("error", m.error());
      }
      if (m.allowReconnect()) {
        g.writeBooleanField("allowReconnect", true);
      }
    } else if (message instanceof AckMessage m) {
      g.writeNumberField("sequenceId", m.sequenceId());
    } else if (message instanceof SequenceMessage m) {
      g.writeNumberField("sequenceId", m.sequenceId());
    }
    // PingMessage has nothing but its type.
    g.writeEndObject();
  }

  private static void writeHeaders(Map<String, String> headers, JsonGenerator g) throws IOException {
    if (headers.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("headers");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      g.writeStringField(header.getKey(), header.getValue());
    }
    g.writeEndObject();
  }

  private static void writeArguments(Arguments arguments, JsonGenerator g, ObjectMapper mapper) throws IOException {
    g.writeArrayFieldStart("arguments");
    for (RawValue value : arguments.values()) {
      value.writeJson(g, mapper);
    }
    g.writeEndArray();
  }

  private static void writeStreamIds(List<String> streamIds, JsonGenerator g) throws IOException {
    if (streamIds.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("streamIds");
    for (String id : streamIds) {
      g.writeString(id);
    }
    g.writeEndArray();
  }
}
