package dev.hubbub.protocol.hub;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Any bytes give messages or a ProtocolException: nothing else escapes. Messages that parse must also
 * re-encode in both protocols and parse again to the same bytes, since the service forwards what it accepts.
 */
class HubProtocolFuzzTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HubProtocolOptions OPTIONS = HubProtocolOptions.builder().maxMessageSize(1 << 16).build();
  private static final JsonHubProtocol JSON = new JsonHubProtocol(OPTIONS);
  private static final MessagePackHubProtocol MSGPACK = new MessagePackHubProtocol(OPTIONS);

  @FuzzTest(maxDuration = "10s")
  void jsonPayload(byte[] input) {
    parseAndReencode(JSON, input);
  }

  @FuzzTest(maxDuration = "10s")
  void messagePackPayload(byte[] input) {
    parseAndReencode(MSGPACK, input);
  }

  @FuzzTest(maxDuration = "10s")
  void framedStreamCutAnywhere(FuzzedDataProvider data) {
    HubProtocol protocol = data.consumeBoolean() ? JSON : MSGPACK;
    var reader = protocol.newFrameReader();
    try {
      while (data.remainingBytes() > 0) {
        byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 64));
        protocol.parse(ByteBuffer.wrap(chunk), reader, (message, payload) -> reencode(message));
      }
    } catch (ProtocolException expected) {
      // bad input is reported, never crashes
    }
  }

  @FuzzTest(maxDuration = "10s")
  void handshake(byte[] input) {
    ByteBuffer buffer = ByteBuffer.wrap(input);
    try {
      HandshakeRequest request = HandshakeRequest.tryParse(buffer, 4096);
      if (request != null) {
        HandshakeRequest again = HandshakeRequest.tryParse(ByteBuffer.wrap(request.toBytes()));
        check(request.equals(again), "handshake request round trip");
      }
    } catch (ProtocolException expected) {
      // bad input is reported, never crashes
    }
    try {
      HandshakeResponse response = HandshakeResponse.tryParse(ByteBuffer.wrap(input), 4096);
      if (response != null) {
        HandshakeResponse again = HandshakeResponse.tryParse(ByteBuffer.wrap(response.toBytes()));
        check(response.equals(again), "handshake response round trip");
      }
    } catch (ProtocolException expected) {
      // bad input is reported, never crashes
    }
  }

  @FuzzTest(maxDuration = "10s")
  void rawValueReencoding(FuzzedDataProvider data) {
    boolean json = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    RawValue value;
    try {
      value = json ? RawValue.ofJson(bytes) : RawValue.ofMessagePack(bytes);
    } catch (ProtocolException expected) {
      return;
    }
    // a validated value converts both ways, binds to Object, and conversions are stable after the first
    byte[] asMsgpack = value.toMessagePack(MAPPER);
    byte[] asJson = value.toJson(MAPPER);
    try {
      RawValue fromMsgpack = RawValue.ofMessagePack(asMsgpack);
      RawValue fromJson = RawValue.ofJson(asJson);
      check(Arrays.equals(fromJson.toJson(MAPPER), RawValue.ofJson(fromJson.toJson(MAPPER)).toJson(MAPPER)),
          "JSON re-encoding is stable");
      fromMsgpack.toJson(MAPPER);
      fromJson.toMessagePack(MAPPER);
      value.bind(Object.class, MAPPER);
    } catch (ProtocolException e) {
      throw new AssertionError("a converted value no longer parses: " + e.getMessage(), e);
    }
  }

  /**
   * A value in either form binds to each date type, or fails with ArgumentBindingException: a hub method with a
   * date parameter never sees another exception, whatever a client sends.
   */
  @FuzzTest(maxDuration = "10s")
  void bindDates(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] bytes = java.util.Arrays.copyOfRange(input, 1, input.length);
    RawValue value;
    try {
      value = (input[0] & 1) == 0 ? RawValue.ofMessagePack(bytes) : RawValue.ofJson(bytes);
    } catch (ProtocolException expected) {
      return;
    }
    ObjectMapper mapper = HubProtocolOptions.DEFAULTS.mapper();
    for (Class<?> type : DATE_TYPES) {
      try {
        Object bound = value.bind(type, mapper);
        if (bound != null) {
          // and a bound date writes back in both protocols
          JSON.write(CompletionMessage.withResult("1", RawValue.ofJava(bound)));
          MSGPACK.write(CompletionMessage.withResult("1", RawValue.ofJava(bound)));
        }
      } catch (ArgumentBindingException expected) {
        // reported to the client as a binding error
      }
    }
  }

  private static final List<Class<?>> DATE_TYPES = List.of(java.time.Instant.class, java.time.OffsetDateTime.class,
      java.time.ZonedDateTime.class, java.time.LocalDateTime.class, java.util.Date.class);

  private static void parseAndReencode(HubProtocol protocol, byte[] input) {
    HubMessage message;
    try {
      message = protocol.parseMessage(ByteBuffer.wrap(input));
    } catch (ProtocolException expected) {
      return;
    }
    if (message != null) {
      reencode(message);
    }
  }

  private static void reencode(HubMessage message) {
    for (HubProtocol protocol : List.of(JSON, MSGPACK)) {
      byte[] once = protocol.write(message);
      try {
        List<HubMessage> parsed = protocol.parseMessages(ByteBuffer.wrap(once));
        check(parsed.size() == 1 && parsed.get(0).type() == message.type(), "one message of the same type");
        byte[] twice = protocol.write(parsed.get(0));
        // what a protocol wrote, parsed and written again, is the same bytes
        check(Arrays.equals(once, twice), protocol.name() + " re-encoding is stable");
      } catch (ProtocolException e) {
        throw new AssertionError(protocol.name() + " cannot parse its own output: " + e.getMessage(), e);
      }
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
