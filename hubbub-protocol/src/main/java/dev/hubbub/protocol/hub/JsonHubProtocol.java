package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The {@code json} hub protocol, version 2: one UTF-8 JSON object per message, each followed by the record
 * separator {@code 0x1E}.
 */
public final class JsonHubProtocol implements HubProtocol {
  /** The protocol's name in the handshake. */
  public static final String NAME = "json";
  /** The byte that ends every JSON message. */
  public static final byte RECORD_SEPARATOR = 0x1E;

  private final HubProtocolOptions options;

  /** The protocol with {@link HubProtocolOptions#DEFAULTS}. */
  public JsonHubProtocol() {
    this(HubProtocolOptions.DEFAULTS);
  }

  /** The protocol with {@code options}. */
  public JsonHubProtocol(HubProtocolOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public TransferFormat transferFormat() {
    return TransferFormat.TEXT;
  }

  @Override
  public HubProtocolOptions options() {
    return options;
  }

  private static final byte[] PING = "{\"type\":6}".getBytes(StandardCharsets.US_ASCII);

  /** Whether {@code payload} is exactly {@code {"type":6}}, as every client writes its pings. */
  private static boolean isPing(ByteBuffer payload) {
    if (payload.remaining() != PING.length) {
      return false;
    }
    int p = payload.position();
    for (int i = 0; i < PING.length; i++) {
      if (payload.get(p + i) != PING[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public @Nullable HubMessage parseMessage(ByteBuffer payload) throws ProtocolException {
    if (payload.remaining() > options.maxMessageSize()) {
      throw new MessageTooLargeException(payload.remaining(), options.maxMessageSize());
    }
    if (isPing(payload)) {
      payload.position(payload.limit());
      return PingMessage.INSTANCE; // what clients send most, read without a parser
    }
    // A copy: the caller's buffer is only valid during the call, raw values outlive it.
    byte[] input = new byte[payload.remaining()];
    payload.get(input);
    return JsonHubMessageParser.parse(options.mapper().getFactory(), input);
  }

  /**
   * Decodes the body of a REST send ({@code POST /api/hubs/{hub}/:send} and the group, user and connection
   * variants): {@code {"target":"m","arguments":[...]}}. The arguments stay raw, so the service can
   * {@link #write} the result once for JSON clients and once with {@link MessagePackHubProtocol} for
   * MessagePack clients without binding anything.
   *
   * @throws ProtocolException when the body is not such an object, or exceeds the size limit
   */
  public InvocationMessage parseSendBody(ByteBuffer body) throws ProtocolException {
    if (body.remaining() > options.maxMessageSize()) {
      throw new MessageTooLargeException(body.remaining(), options.maxMessageSize());
    }
    byte[] input = new byte[body.remaining()];
    body.get(input);
    return JsonHubMessageParser.parseSendBody(options.mapper().getFactory(), input);
  }

  @Override
  public FrameReader newFrameReader() {
    return FrameReader.text(options.maxMessageSize());
  }

  @Override
  public byte[] write(HubMessage message) {
    return encode(message, true);
  }

  @Override
  public byte[] writeUnframed(HubMessage message) {
    return encode(message, false);
  }

  private byte[] encode(HubMessage message, boolean framed) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = options.mapper().getFactory().createGenerator(out)) {
      JsonHubMessageWriter.write(message, g, options.mapper());
    } catch (IOException e) {
      // Writing to memory fails only when a Java value cannot be serialized: a programming error.
      throw new IllegalArgumentException("Cannot write " + message.type() + " message as JSON: " + e.getMessage(), e);
    }
    if (framed) {
      out.write(RECORD_SEPARATOR);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "JsonHubProtocol[" + options + "]";
  }
}
