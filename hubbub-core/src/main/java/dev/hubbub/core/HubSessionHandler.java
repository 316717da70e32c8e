package dev.hubbub.core;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import dev.hubbub.protocol.hub.AckMessage;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.HandshakeRequest;
import dev.hubbub.protocol.hub.HandshakeResponse;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.PingMessage;
import dev.hubbub.protocol.hub.SequenceMessage;
import dev.hubbub.protocol.hub.TransferFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Drives {@link HubSession}s for one endpoint: the handshake (protocol by name through {@link HubProtocols},
 * ignoring case; version and transfer-format checks), the parse loop with the message size limit, keep-alive
 * pings, the handshake and client timeouts, and stateful reconnect (acks, the replay after a reconnect,
 * duplicates skipped). Every other message goes to the {@link HubEndpoint}. Bad input closes only the session
 * that sent it, with a text from {@link CloseReasons}, logged once at WARN; messages accepted before it are
 * still handled.
 *
 * <p>I/O-free: bytes come in through the {@code on*} methods and leave through each session's
 * {@link SessionChannel}. Call them on the session's connection thread, one at a time per session.
 *
 * @param <S> the product's session type
 */
public final class HubSessionHandler<S extends HubSession> {
  private final HubSessionOptions options;
  private final HubEndpoint<S> endpoint;
  private final Logger log;
  private final HubProtocol json;
  private final HubProtocol messagePack;
  private final InvocationRateLimiter limiter;

  /**
   * @param log where the product's connection events are logged (its own category, e.g.
   *     {@code dev.hubbub.service.connections})
   */
  public HubSessionHandler(HubSessionOptions options, HubEndpoint<S> endpoint, Logger log) {
    this.limiter = new InvocationRateLimiter(options.maxInvocationsPerSecond(), options.maxInvocationsPerSecondPerIp());
    this.options = options;
    this.endpoint = endpoint;
    this.log = log;
    this.json = HubProtocols.byName("json", options.protocols()).orElseThrow();
    this.messagePack = HubProtocols.byName("messagepack", options.protocols()).orElseThrow();
  }

  /** The settings. */
  public HubSessionOptions options() {
    return options;
  }

  /** The protocol named {@code name} (ignoring case, as ASP.NET does), or null when there is none. */
  public @Nullable HubProtocol protocol(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "json" -> json;
      case "messagepack" -> messagePack;
      default -> null;
    };
  }

  /**
   * Bytes from the client, exactly as they arrived (they may end in the middle of a message); read within
   * the call. Ignored once the session is closing or handed off.
   */
  public void onData(S session, ByteBuffer data) {
    if (session.isClosing() || session.isHandedOff()) {
      return;
    }
    session.received(false);
    int bytes = data.remaining();
    ByteBuffer input = data;
    if (session.protocol() == null) {
      input = handshake(session, data);
      if (input == null || !input.hasRemaining()) {
        endpoint.received(session, 0, bytes);
        return;
      }
    }
    HubProtocol protocol = session.protocol();
    FrameReader reader = session.reader();
    if (protocol == null || reader == null) {
      return;
    }
    List<HubMessage> messages = new ArrayList<>(2);
    List<ByteBuffer> payloads = new ArrayList<>(2);
    ProtocolException failure = null;
    try {
      protocol.parse(input, reader, (message, payload) -> {
        messages.add(message);
        payloads.add(payload);
      });
    } catch (ProtocolException e) {
      failure = e;
    }
    endpoint.received(session, messages.size(), bytes);
    // Messages before a bad one are still handled: an accepted message is never lost.
    for (int i = 0; i < messages.size() && !session.isClosing(); i++) {
      handle(session, messages.get(i), payloads.get(i));
    }
    if (failure != null) {
      fail(session, CloseReasons.invalidData(failure.getMessage()));
    }
  }

  /** Returns what follows a complete handshake that is served here, or null (incomplete, failed or handed off). */
  private @Nullable ByteBuffer handshake(S session, ByteBuffer input) {
    ByteBuf pending = session.handshakeBuffer();
    ByteBuffer source = input;
    if (pending != null) {
      pending.writeBytes(input);
      source = pending.nioBuffer();
    }
    ByteBuffer start = source.duplicate();
    HandshakeRequest request;
    try {
      request = HandshakeRequest.tryParse(source, options.maxMessageSize());
    } catch (ProtocolException e) {
      handshakeFailed(session, CloseReasons.invalidHandshake(e.getMessage()));
      return null;
    }
    if (request == null) {
      if (pending == null) {
        ByteBuf copy = Unpooled.buffer(Math.max(64, input.remaining()));
        copy.writeBytes(input);
        session.handshakeBuffer(copy);
      }
      return null;
    }
    // Views until the request is served or handed off: the input is valid during this call, the pending buffer
    // until it is released at the end; an app server that reads the request later gets copies.
    ByteBuffer requestBytes = start.limit(source.position());
    ByteBuffer rest = source;
    try {
      HubProtocol protocol = protocol(request.protocol());
      if (protocol == null) {
        handshakeFailed(session, CloseReasons.protocolNotSupported(request.protocol()));
        return null;
      }
      if (request.version() > protocol.version()) {
        handshakeFailed(session, CloseReasons.versionNotSupported(request.version(), request.protocol()));
        return null;
      }
      boolean binary = protocol.transferFormat() == TransferFormat.BINARY;
      if (binary && !session.channel().supportsBinary()) {
        handshakeFailed(session, CloseReasons.binaryNotSupported(request.protocol()));
        return null;
      }
      Admission admission = endpoint.admit(session, new ClientHandshake(request, protocol, requestBytes, rest));
      if (admission instanceof Admission.Refuse refuse) {
        handshakeFailed(session, refuse.error());
        return null;
      }
      if (admission == Admission.HandedOff.INSTANCE) {
        session.handedOff(protocol);
        endpoint.handedOff(session, new ClientHandshake(request, protocol, copy(requestBytes), copy(rest)));
        return null;
      }
      boolean stateful = session.channel().statefulReconnect() && request.version() >= 2;
      session.handshaken(protocol, stateful);
      if (admission != Admission.Serve.MIGRATED) {
        // One shared buffer for every client: a duplicate's indices are the channel's to move.
        session.channel().write(HANDSHAKE_SUCCESS.duplicate());
      }
      session.channel().handshakeDone(binary);
      endpoint.connected(session);
      return pending == null ? rest : copy(rest);
    } finally {
      session.releaseHandshakeBuffer();
    }
  }

  private static ByteBuffer copy(ByteBuffer source) {
    return ByteBuffer.allocate(source.remaining()).put(source).flip();
  }

  private void handshakeFailed(S session, String error) {
    session.releaseHandshakeBuffer();
    if (session.isClosing()) {
      return;
    }
    log.warn("{} failed its handshake: {}", capitalized(session.describe()), error);
    session.markClosing();
    writeOwned(session.channel(), HandshakeResponse.error(error).toBytes());
    session.channel().close(error);
  }

  private void handle(S session, HubMessage message, ByteBuffer payload) {
    if (message.type().isTrackable() && session.isStateful() && !session.acceptTrackable()) {
      return;
    }
    if (message instanceof PingMessage) {
      session.received(true);
    } else if (message instanceof CloseMessage) {
      session.end(null);
    } else if (message instanceof AckMessage ack) {
      session.acknowledged(ack.sequenceId());
    } else if (message instanceof SequenceMessage sequence) {
      if (!session.sequence(sequence.sequenceId())) {
        fail(session, CloseReasons.SEQUENCE_TOO_HIGH);
      }
    } else {
      if (limiter.enabled() && (message instanceof dev.hubbub.protocol.hub.InvocationMessage
          || message instanceof dev.hubbub.protocol.hub.StreamInvocationMessage)) {
        String refusal = limiter.admit(session.invocationWindow(), session.channel().remoteIp(), System.nanoTime());
        if (refusal != null) {
          fail(session, refusal);
          return;
        }
      }
      endpoint.message(session, message, payload);
    }
  }

  /**
   * Ends a session after bad input: a Close message with {@code error} (a {@link CloseReasons} text), then the
   * channel closes. Logged once at WARN; does nothing when the session is already closing.
   */
  public void fail(S session, String error) {
    if (session.isClosing()) {
      return;
    }
    log.warn("Closing {}: {}", session.describe(), error);
    session.close(error, false);
  }

  /**
   * About once a second per session: the handshake timeout, then the client timeout, keep-alive pings and the
   * stateful-reconnect acks ({@code now} from {@link System#nanoTime()}).
   */
  public void onHeartbeat(S session, long now) {
    if (session.isClosing()) {
      return;
    }
    HubProtocol protocol = session.protocol();
    if (protocol == null) {
      if (now - session.createdNanos() > options.handshakeTimeout().toNanos()) {
        handshakeFailed(session, CloseReasons.HANDSHAKE_CANCELED);
      }
      return;
    }
    if (session.isHandedOff()) {
      return; // whoever reads the client keeps it alive and times it out
    }
    if (session.channel().keepAlive()) {
      if (session.clientPinged() && now - session.lastReceivedNanos() > options.clientTimeout().toNanos()) {
        log.debug("{} timed out", capitalized(session.describe()));
        session.close(CloseReasons.CLIENT_TIMEOUT, false);
        return;
      }
      if (now - session.lastSentNanos() >= options.keepAliveInterval().toNanos()) {
        session.send(ping(protocol), false);
      }
    }
    if (session.isStateful()) {
      long ack = session.ackDue();
      if (ack > 0) {
        sendOwned(session, protocol.write(new AckMessage(ack)));
      }
    }
  }

  /**
   * A stateful-reconnect channel dropped and waits for the client to come back: messages are ignored until
   * the client's Sequence message.
   */
  public void onDisconnected(S session) {
    if (session.isStateful()) {
      session.awaitSequence();
    }
  }

  /** A stateful-reconnect client came back: a Sequence message, then every message it has not acknowledged. */
  public void onReconnected(S session) {
    HubProtocol protocol = session.protocol();
    if (protocol == null || !session.isStateful()) {
      return;
    }
    int replayed = session.resume(first -> protocol.write(new SequenceMessage(first)));
    log.debug("{} reconnected; replayed {} message(s)", capitalized(session.describe()), replayed);
  }

  /**
   * The channel ended ({@code error} null for a normal end): buffers are released, and the endpoint hears of
   * it if the session had completed its handshake. Only the first call for a session counts.
   */
  public void onClosed(S session, @Nullable Throwable error) {
    if (!session.markEnded()) {
      return;
    }
    session.releaseHandshakeBuffer();
    session.releaseReplayBuffer();
    if (session.protocol() != null) {
      endpoint.disconnected(session, error);
    }
  }

  /** Pings, encoded once per protocol and shared by every session (never released). */
  private static final Map<String, ByteBuf> PINGS = new ConcurrentHashMap<>(4);

  private static ByteBuf ping(HubProtocol protocol) {
    return PINGS.computeIfAbsent(protocol.name(),
        name -> Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(protocol.write(PingMessage.INSTANCE))));
  }

  private static void sendOwned(HubSession session, byte[] framed) {
    ByteBuf b = Unpooled.wrappedBuffer(framed);
    session.send(b, false);
    b.release();
  }

  /** {@code {}} and the record separator, never released. */
  private static final ByteBuf HANDSHAKE_SUCCESS =
      Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(HandshakeResponse.SUCCESS.toBytes()));

  private static void writeOwned(SessionChannel channel, byte[] framed) {
    ByteBuf b = Unpooled.wrappedBuffer(framed);
    channel.write(b);
    b.release();
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
