package dev.hubbub.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.InvocationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The hub layer byte by byte, with no I/O: what a client sends goes into {@link HubSessionHandler#onData}, and
 * what it would read is what the session's channel recorded.
 */
class HubSessionHandlerTest {
  private static final char RS = '\u001e';
  private static final long SECOND = 1_000_000_000L;

  /** Records what the hub layer writes and whether it closed. */
  static final class RecordingChannel implements SessionChannel {
    final List<String> written = new ArrayList<>();
    final List<byte[]> writtenBytes = new ArrayList<>();
    boolean binaryTransport = true;
    boolean stateful;
    boolean keepAlive = true;
    @Nullable Boolean binaryFrames;
    @Nullable String closedWith;
    boolean closed;
    /** Runs once, right after the next write is recorded (to race another thread against a writer). */
    @Nullable Runnable afterNextWrite;

    @Override
    public boolean write(ByteBuf framed) {
      byte[] bytes = ByteBufUtil.getBytes(framed);
      synchronized (written) {
        writtenBytes.add(bytes);
        written.add(new String(bytes, StandardCharsets.UTF_8));
      }
      Runnable after = afterNextWrite;
      if (after != null) {
        afterNextWrite = null;
        after.run();
      }
      return !closed;
    }

    @Override
    public void close(@Nullable String reason) {
      closed = true;
      closedWith = reason;
    }

    @Override
    public boolean supportsBinary() {
      return binaryTransport;
    }

    @Override
    public boolean statefulReconnect() {
      return stateful;
    }

    @Override
    public boolean keepAlive() {
      return keepAlive;
    }

    @Override
    public void handshakeDone(boolean binary) {
      binaryFrames = binary;
    }
  }

  static final class Session extends HubSession {
    Session(RecordingChannel channel) {
      super(channel, "c1", "alice", Map.of());
    }
  }

  /** Records what reaches the product, and decides admissions. */
  static final class Endpoint implements HubEndpoint<Session> {
    final List<HubMessage> messages = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    Admission admission = Admission.serve();
    @Nullable ClientHandshake handedOff;

    @Override
    public Admission admit(Session session, ClientHandshake handshake) {
      events.add("admit " + handshake.protocol().name());
      return admission;
    }

    @Override
    public void handedOff(Session session, ClientHandshake handshake) {
      handedOff = handshake;
    }

    @Override
    public void connected(Session session) {
      events.add("connected");
    }

    @Override
    public void message(Session session, HubMessage message, ByteBuffer payload) {
      messages.add(message);
    }

    @Override
    public void disconnected(Session session, @Nullable Throwable error) {
      events.add("disconnected " + (error == null ? "" : error.getMessage()));
    }
  }

  private final RecordingChannel channel = new RecordingChannel();
  private final Session session = new Session(channel);
  private final Endpoint endpoint = new Endpoint();
  private HubSessionHandler<Session> handler = handler(32 * 1024);

  private HubSessionHandler<Session> handler(int maxMessageSize) {
    return new HubSessionHandler<>(new HubSessionOptions(
        HubProtocolOptions.builder().maxMessageSize(maxMessageSize).build(), Duration.ofSeconds(15),
        Duration.ofSeconds(15), Duration.ofSeconds(30)), endpoint, LoggerFactory.getLogger(getClass()));
  }

  private void send(String text) {
    handler.onData(session, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  private void handshake(String protocol, int version) {
    send("{\"protocol\":\"" + protocol + "\",\"version\":" + version + "}" + RS);
  }

  @Test
  void aHandshakeSplitAcrossReadsIsAnsweredAndMessagesInTheSameReadFollow() {
    send("{\"protocol\":\"js");
    assertThat(channel.written).isEmpty();
    send("on\",\"version\":1}" + RS + "{\"type\":1,\"target\":\"a\",\"arguments\":[]}" + RS + "{\"type\":1,");
    assertThat(channel.written).containsExactly("{}" + RS);
    assertThat(channel.binaryFrames).isFalse();
    assertThat(endpoint.events).containsExactly("admit json", "connected");
    assertThat(endpoint.messages).hasSize(1);
    send("\"target\":\"b\",\"arguments\":[]}" + RS);
    assertThat(endpoint.messages).extracting(m -> ((InvocationMessage) m).target()).containsExactly("a", "b");
  }

  @Test
  void protocolNamesAreMatchedIgnoringCase() {
    handshake("MessagePack", 1);
    assertThat(channel.written).containsExactly("{}" + RS);
    assertThat(channel.binaryFrames).isTrue();
    assertThat(session.protocol()).isNotNull();
    assertThat(session.protocol().name()).isEqualTo("messagepack");
  }

  @Test
  void refusedHandshakesAnswerWithTheErrorAndClose() {
    handshake("xml", 1);
    assertThat(channel.written).containsExactly("{\"error\":\"The protocol 'xml' is not supported.\"}" + RS);
    assertThat(channel.closedWith).isEqualTo("The protocol 'xml' is not supported.");
    assertThat(endpoint.events).isEmpty();

    RecordingChannel sse = new RecordingChannel();
    sse.binaryTransport = false;
    Session s = new Session(sse);
    handler.onData(s, ByteBuffer.wrap(("{\"protocol\":\"messagepack\",\"version\":1}" + RS).getBytes()));
    assertThat(sse.closedWith).isEqualTo("Cannot use the 'messagepack' protocol on the current transport. "
        + "The transport does not support 'Binary' transfer format.");

    RecordingChannel v3 = new RecordingChannel();
    handler.onData(new Session(v3), ByteBuffer.wrap(("{\"protocol\":\"json\",\"version\":3}" + RS).getBytes()));
    assertThat(v3.closedWith).isEqualTo("The server does not support version 3 of the 'json' protocol.");
  }

  @Test
  void aMalformedHandshakeIsNamed() {
    send("{\"protocol\":\"json\"}" + RS);
    assertThat(channel.written).containsExactly("{\"error\":\"An unexpected error occurred during connection "
        + "handshake. InvalidDataException: Missing required property 'version'.\"}" + RS);
    assertThat(channel.closed).isTrue();
    send("{\"type\":6}" + RS);
    assertThat(channel.written).as("nothing read once closing").hasSize(1);
  }

  @Test
  void anEndpointMayRefuseOrTakeAClient() {
    endpoint.admission = Admission.refuse("No app server is connected.");
    handshake("json", 1);
    assertThat(channel.written).containsExactly("{\"error\":\"No app server is connected.\"}" + RS);
    assertThat(channel.closed).isTrue();

    RecordingChannel routed = new RecordingChannel();
    Session taken = new Session(routed);
    endpoint.admission = Admission.handedOff();
    byte[] read = ("{\"protocol\":\"json\",\"version\":1}" + RS + "{\"type\":6}" + RS).getBytes();
    handler.onData(taken, ByteBuffer.wrap(read));
    Arrays.fill(read, (byte) 0); // the transport reuses its buffer: the endpoint keeps copies
    assertThat(routed.written).as("the app server answers").isEmpty();
    assertThat(taken.isHandedOff()).isTrue();
    ClientHandshake handedOff = endpoint.handedOff;
    assertThat(handedOff).isNotNull();
    assertThat(StandardCharsets.UTF_8.decode(handedOff.requestBytes()).toString())
        .isEqualTo("{\"protocol\":\"json\",\"version\":1}" + RS);
    assertThat(StandardCharsets.UTF_8.decode(handedOff.rest()).toString()).isEqualTo("{\"type\":6}" + RS);

    RecordingChannel migrated = new RecordingChannel();
    endpoint.admission = Admission.serveMigrated();
    handler.onData(new Session(migrated), ByteBuffer.wrap(("{\"protocol\":\"json\",\"version\":1}" + RS).getBytes()));
    assertThat(migrated.written).as("answered by the first server").isEmpty();
  }

  @Test
  void messagesBeforeABadOneAreHandledThenTheSessionCloses() {
    handshake("json", 1);
    send("{\"type\":1,\"target\":\"a\",\"arguments\":[]}" + RS + "{\"type\":1,\"target\":" + RS);
    assertThat(endpoint.messages).hasSize(1);
    assertThat(channel.written.get(channel.written.size() - 1)).startsWith("{\"type\":7,\"error\":\"Connection "
        + "closed with an error. InvalidDataException: ");
    assertThat(channel.closed).isTrue();
    handler.onClosed(session, null);
    handler.onClosed(session, null);
    assertThat(endpoint.events).containsExactly("admit json", "connected", "disconnected ");
  }

  @Test
  void aMessageOverTheLimitClosesWithTheLimitNamed() {
    handler = handler(64);
    handshake("json", 1);
    send("{\"type\":1,\"target\":\"" + "x".repeat(100) + "\",\"arguments\":[]}" + RS);
    assertThat(channel.written.get(1)).startsWith("{\"type\":7,\"error\":\"Connection closed with an error. "
        + "InvalidDataException: The maximum message size of 64B was exceeded");
    assertThat(endpoint.messages).isEmpty();
  }

  @Test
  void handshakeTimeoutKeepAliveAndClientTimeout() {
    long start = System.nanoTime();
    handler.onHeartbeat(session, start + 14 * SECOND);
    assertThat(channel.written).isEmpty();
    RecordingChannel late = new RecordingChannel();
    Session silent = new Session(late);
    handler.onHeartbeat(silent, start + 16 * SECOND);
    assertThat(late.written).containsExactly("{\"error\":\"Handshake was canceled.\"}" + RS);

    handshake("json", 1);
    long now = System.nanoTime();
    handler.onHeartbeat(session, now + 14 * SECOND);
    assertThat(channel.written).as("not idle long enough").hasSize(1);
    handler.onHeartbeat(session, now + 16 * SECOND);
    assertThat(channel.written.get(1)).isEqualTo("{\"type\":6}" + RS);
    handler.onHeartbeat(session, now + 60 * SECOND);
    assertThat(channel.closed).as("no client timeout before the client's first ping").isFalse();

    send("{\"type\":6}" + RS);
    long pinged = System.nanoTime();
    handler.onHeartbeat(session, pinged + 31 * SECOND);
    assertThat(channel.written.get(channel.written.size() - 1)).isEqualTo("{\"type\":7,\"error\":\"Connection closed "
        + "with an error. OperationCanceledException: Client hasn't sent a message/ping within the configured "
        + "ClientTimeoutInterval.\"}" + RS);
    assertThat(channel.closed).isTrue();
  }

  @Test
  void longPollingGetsNoPingsAndNoClientTimeout() {
    channel.keepAlive = false;
    handshake("json", 1);
    send("{\"type\":6}" + RS);
    handler.onHeartbeat(session, System.nanoTime() + 120 * SECOND);
    assertThat(channel.written).containsExactly("{}" + RS);
    assertThat(channel.closed).isFalse();
  }

  @Test
  void statefulReconnectBuffersAcksReplaysAndSkipsDuplicates() {
    channel.stateful = true;
    handshake("json", 2);
    assertThat(session.isStateful()).isTrue();
    for (String target : List.of("a", "b", "c")) {
      session.send(new InvocationMessage(target, dev.hubbub.protocol.hub.Arguments.of()));
    }
    send("{\"type\":8,\"sequenceId\":1}" + RS);
    handler.onDisconnected(session);
    send("{\"type\":1,\"target\":\"lost\",\"arguments\":[]}" + RS);
    assertThat(endpoint.messages).as("nothing before the client's Sequence").isEmpty();
    channel.written.clear();
    handler.onReconnected(session);
    assertThat(channel.written).containsExactly("{\"type\":9,\"sequenceId\":2}" + RS,
        "{\"type\":1,\"target\":\"b\",\"arguments\":[]}" + RS, "{\"type\":1,\"target\":\"c\",\"arguments\":[]}" + RS);

    send("{\"type\":9,\"sequenceId\":1}" + RS + "{\"type\":1,\"target\":\"x\",\"arguments\":[]}" + RS);
    // dropped again: the client resends from 1, so x is a duplicate and only y is new
    handler.onDisconnected(session);
    handler.onReconnected(session);
    send("{\"type\":9,\"sequenceId\":1}" + RS + "{\"type\":1,\"target\":\"x\",\"arguments\":[]}" + RS
        + "{\"type\":1,\"target\":\"y\",\"arguments\":[]}" + RS);
    assertThat(endpoint.messages).extracting(m -> ((InvocationMessage) m).target()).containsExactly("x", "y");
    handler.onHeartbeat(session, System.nanoTime());
    assertThat(channel.written.get(channel.written.size() - 1)).isEqualTo("{\"type\":8,\"sequenceId\":2}" + RS);

    send("{\"type\":9,\"sequenceId\":9}" + RS);
    assertThat(channel.closedWith).isEqualTo("Connection closed with an error. InvalidOperationException: "
        + "Sequence ID greater than amount of messages we've received.");
  }

  @Test
  void aSendDuringTheReplayAfterAReconnectComesAfterTheReplayNeverBeforeTheSequence() throws Exception {
    channel.stateful = true;
    handshake("json", 2);
    session.send(new InvocationMessage("a", dev.hubbub.protocol.hub.Arguments.of()));
    handler.onDisconnected(session);
    channel.written.clear();
    // While the Sequence message is being written, another thread sends: it must wait for the replay to end.
    Thread sender = new Thread(() -> session.send(new InvocationMessage("b", dev.hubbub.protocol.hub.Arguments.of())));
    channel.afterNextWrite = () -> {
      sender.start();
      // The sender blocks on the session while the replay is written (or has already written "b": the bug).
      long deadline = System.nanoTime() + 10 * SECOND;
      while (sender.getState() != Thread.State.BLOCKED && sender.getState() != Thread.State.TERMINATED
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    };
    handler.onReconnected(session);
    sender.join(10_000);
    assertThat(channel.written).containsExactly("{\"type\":9,\"sequenceId\":1}" + RS,
        "{\"type\":1,\"target\":\"a\",\"arguments\":[]}" + RS, "{\"type\":1,\"target\":\"b\",\"arguments\":[]}" + RS);
  }

  @Test
  void aVersionOneHandshakeTurnsStatefulReconnectOff() {
    channel.stateful = true;
    handshake("json", 1);
    assertThat(session.isStateful()).isFalse();
  }

  @Test
  void messagePackHandshakeThenBinaryFrames() {
    handshake("messagepack", 1);
    // VarInt 0x0f, [1, {}, nil, "target", []]: an invocation of 'target'
    handler.onData(session, ByteBuffer.wrap(HexFormat.of().parseHex("0c" + "95" + "01" + "80" + "c0"
        + "a6746172676574" + "90")));
    assertThat(endpoint.messages).extracting(m -> ((InvocationMessage) m).target()).containsExactly("target");
  }
}
