package dev.hubbub.bench.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.JsonHubProtocol;
import dev.hubbub.protocol.hub.MessagePackHubProtocol;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding and decoding a typical chat invocation, {@code send("user", <60-char message>)}, in both hub
 * protocols. "Raw" is the service's path (arguments stay bytes, re-encoded without binding); "bound" is a
 * Java hub's path (arguments bound to String parameters, or Java values serialized).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HubProtocolBenchmark {
  private static final String TEXT = "Hello everyone, the build is green again. Coffee at 3 pm?";
  private static final Type[] PARAMETERS = {String.class, String.class};

  private final JsonHubProtocol json = new JsonHubProtocol();
  private final MessagePackHubProtocol msgpack = new MessagePackHubProtocol();
  private final ObjectMapper mapper = json.options().mapper();

  private byte[] jsonPayload;
  private byte[] msgpackPayload;
  private HubMessage parsedFromJson;
  private HubMessage parsedFromMsgpack;
  private Arguments javaArguments;

  /** Prepares the payloads (unframed, as a frame reader hands them out) and parsed messages. */
  private static HubMessage parsed(HubProtocol protocol, byte[] payload) throws ProtocolException {
    HubMessage m = protocol.parseMessage(ByteBuffer.wrap(payload));
    if (m == null) {
      throw new IllegalStateException("the benchmark's payload is not a known hub message");
    }
    return m;
  }

  @Setup
  public void setUp() throws ProtocolException {
    jsonPayload = ("{\"type\":1,\"target\":\"send\",\"arguments\":[\"user\",\"" + TEXT + "\"]}")
        .getBytes(StandardCharsets.UTF_8);
    javaArguments = Arguments.of("user", TEXT);
    msgpackPayload = msgpack.writeUnframed(new InvocationMessage("send", javaArguments));
    parsedFromJson = parsed(json, jsonPayload);
    parsedFromMsgpack = parsed(msgpack, msgpackPayload);
  }

  /** JSON payload to message, arguments left raw. */
  @Benchmark
  public HubMessage jsonDecodeRaw() throws ProtocolException {
    return parsed(json, jsonPayload);
  }

  /** JSON payload to message, then both arguments bound to String. */
  @Benchmark
  public Object[] jsonDecodeBound() throws ProtocolException {
    InvocationMessage m = (InvocationMessage) parsed(json, jsonPayload);
    return m.arguments().bindAll(PARAMETERS, mapper);
  }

  /** Raw JSON arguments written as a framed JSON message (argument bytes copied). */
  @Benchmark
  public byte[] jsonEncodeRaw() {
    return json.write(parsedFromJson);
  }

  /** Java String arguments serialized into a framed JSON message. */
  @Benchmark
  public byte[] jsonEncodeBound() {
    return json.write(new InvocationMessage("send", javaArguments));
  }

  /** MessagePack payload to message, arguments left raw. */
  @Benchmark
  public HubMessage msgpackDecodeRaw() throws ProtocolException {
    return parsed(msgpack, msgpackPayload);
  }

  /** MessagePack payload to message, then both arguments bound to String. */
  @Benchmark
  public Object[] msgpackDecodeBound() throws ProtocolException {
    InvocationMessage m = (InvocationMessage) parsed(msgpack, msgpackPayload);
    return m.arguments().bindAll(PARAMETERS, mapper);
  }

  /** Raw MessagePack arguments written as a framed MessagePack message (argument bytes copied). */
  @Benchmark
  public byte[] msgpackEncodeRaw() {
    return msgpack.write(parsedFromMsgpack);
  }

  /** Java String arguments serialized into a framed MessagePack message. */
  @Benchmark
  public byte[] msgpackEncodeBound() {
    return msgpack.write(new InvocationMessage("send", javaArguments));
  }

  /** The service's REST fan-out to MessagePack clients: raw JSON arguments converted to MessagePack. */
  @Benchmark
  public byte[] jsonToMsgpackRaw() {
    return msgpack.write(parsedFromJson);
  }

  /** A MessagePack client's invocation written to a JSON client: raw MessagePack converted to JSON. */
  @Benchmark
  public byte[] msgpackToJsonRaw() {
    return json.write(parsedFromMsgpack);
  }
}
