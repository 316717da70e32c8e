package dev.hubbub.transport.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.auth.AccessTokenVerifier;
import dev.hubbub.protocol.auth.InvalidAccessTokenException;
import dev.hubbub.protocol.negotiate.NegotiateResponse;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportRoute;
import dev.hubbub.transport.TransportUser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import dev.hubbub.protocol.auth.VerifiedToken;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Any bytes sent to a negotiate endpoint get exactly one HTTP response, never a 500 and never a silently
 * closed socket, and a 200 carries a negotiate document the official clients can read. The request goes
 * through the server's real HTTP codec and dispatcher on an {@link EmbeddedChannel}; the route reads the
 * query ({@code hub}, {@code negotiateVersion}, {@code useStatefulReconnect}, {@code access_token}) and
 * headers ({@code Authorization}, {@code Origin}) as the service's and the hub server's routes do.
 */
class NegotiateEndpointFuzzTest {
  static {
    // Every rejected input is logged at DEBUG otherwise; fuzzing makes millions.
    System.setProperty("org.slf4j.simpleLogger.log.dev.hubbub", "warn");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private static final AccessTokenVerifier VERIFIER = AccessTokenVerifier.builder(KEY).build();
  private static final ConnectionHandler NOTHING = new ConnectionHandler() {
    @Override
    public void onConnected(TransportConnection connection) {}

    @Override
    public void onData(TransportConnection connection, ByteBuf data) {}

    @Override
    public void onClosed(TransportConnection connection, @Nullable Throwable error) {}
  };
  private static final TransportOptions OPTIONS = TransportOptions.builder()
      .cors(Set.of("http://allowed.example")).transportMaxBufferSize(4096).maxHttpRequestBytes(4096).build();

  /** The bytes a client sends: seeds are real negotiate requests, which the fuzzer mutates. */
  @FuzzTest(maxDuration = "10s")
  void negotiate(byte[] request) {
    exchange(request);
  }

  /** Sends {@code request} and checks what comes back. */
  static void exchange(byte[] request) {
    EmbeddedChannel channel = new EmbeddedChannel();
    try {
      byte[] out = send(channel, request);
      if (out.length == 0) {
        // Nothing answered: fine only while the request is incomplete and the socket still open.
        check(channel.isOpen(), "the socket was closed without a response to: " + printable(request));
        return;
      }
      String text = new String(out, StandardCharsets.ISO_8859_1);
      check(text.startsWith("HTTP/1.1 "), "not an HTTP response: " + printable(out));
      int status = Integer.parseInt(text.substring(9, 12));
      check(status != 500, "500 for: " + printable(request) + "\n" + text);
      if (status == 200 && text.contains("application/json")) {
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);
        JsonNode json = JSON.readTree(body);
        // what the official clients read: an error, or an id (and token) with the transports
        NegotiateResponse parsed = NegotiateResponse.parse(body.getBytes(StandardCharsets.ISO_8859_1));
        check(json.has("error") || parsed.connectionId() != null, "a negotiate answer with neither: " + body);
      }
    } catch (java.io.IOException e) {
      throw new AssertionError("a 200 negotiate body is not JSON: " + e.getMessage(), e);
    } catch (dev.hubbub.protocol.ProtocolException e) {
      throw new AssertionError("a 200 negotiate body the clients cannot read: " + e.getMessage(), e);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /** What the server writes back for {@code request}, as text (empty when nothing), for regression tests. */
  static String respond(byte[] request) {
    EmbeddedChannel channel = new EmbeddedChannel();
    try {
      return new String(send(channel, request), StandardCharsets.ISO_8859_1);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static byte[] send(EmbeddedChannel channel, byte[] request) {
    ServerContext server = new ServerContext(OPTIONS, List.of(route("/chat"), route("/client")), fallback(),
        (EventLoopGroup) channel.eventLoop());
    channel.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(1024)
        .setMaxHeaderSize(2048)), new HttpDispatcher(server));
    channel.writeInbound(Unpooled.wrappedBuffer(request));
    channel.runPendingTasks();
    return outbound(channel);
  }

  private static TransportRoute route(String path) {
    return new TransportRoute(path, request -> {
      String hub = request.queryParam("hub");
      return hub != null && hub.equals("none") ? null : new TransportApplication(hub == null ? "" : hub, NOTHING);
    }, (request, app) -> {
      String token = request.accessToken();
      if (token == null) {
        return AuthResult.anonymous();
      }
      try {
        VerifiedToken verified = VERIFIER.verify(token, URI.create("http://localhost" + path));
        return AuthResult.allow(new TransportUser(verified.userId().orElse(null), verified.claims()));
      } catch (InvalidAccessTokenException e) {
        return AuthResult.unauthorized();
      }
    }, context -> "error".equals(context.request().queryParam("hub"))
        ? NegotiateResponse.error("Hub '" + context.request().queryParam("x") + "' is refused.") : null);
  }

  private static HttpRequestHandler fallback() {
    return (request, body, responder) -> responder.respond(404);
  }

  private static byte[] outbound(EmbeddedChannel channel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      try {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.writeBytes(bytes);
      } finally {
        b.release();
      }
    }
    return out.toByteArray();
  }

  private static String printable(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
