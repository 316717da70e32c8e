package dev.hubbub.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The server side of the WebSocket opening handshake (RFC 6455, section 4.2) for sockets the transport owns:
 * checks the upgrade request and writes the {@code 101 Switching Protocols} response as one pre-assembled run of
 * bytes. Netty's handshaker builds a header map, a response object and encoder state per connection for the same
 * four lines; at thousands of connects a second that garbage is what the server's young generation sees.
 *
 * <p>Only protocol version 13 (the RFC's; every browser and SignalR client since 2012) is accepted; other versions
 * get {@code 426 Upgrade Required} naming 13, as section 4.2.2 asks. No subprotocol or extension is negotiated:
 * SignalR uses neither.
 */
final class WebSocketUpgrade {
  /** The GUID that section 1.3 appends to the client's key. */
  private static final byte[] KEY_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);
  /** A key is 16 random bytes in Base64: 24 characters. */
  static final int KEY_LENGTH = 24;
  private static final byte[] RESPONSE_HEAD = ("HTTP/1.1 101 Switching Protocols\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESPONSE_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  /** The accept value: Base64 of a 20-byte SHA-1. */
  private static final int ACCEPT_LENGTH = 28;
  static final int RESPONSE_LENGTH = RESPONSE_HEAD.length + ACCEPT_LENGTH + RESPONSE_END.length;

  /** Per event loop: a digest and its buffers, so a handshake allocates only its response. */
  private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected Scratch initialValue() {
      return new Scratch();
    }
  };

  private WebSocketUpgrade() {}

  /** Why a request cannot be upgraded, as a client-facing reason; null when it can. */
  static @Nullable String problem(HttpRequest request) {
    if (!HttpMethod.GET.equals(request.method())) {
      return "a WebSocket upgrade must be a GET request, not " + request.method();
    }
    HttpVersion version = request.protocolVersion();
    if (version.majorVersion() < 1 || (version.majorVersion() == 1 && version.minorVersion() < 1)) {
      return "a WebSocket upgrade needs HTTP/1.1 or later, not " + version;
    }
    HttpHeaders headers = request.headers();
    if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
      return "the Connection header must include the token 'Upgrade'";
    }
    String key = headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (key == null) {
      return "the Sec-WebSocket-Key header is missing";
    }
    if (!isKey(key)) {
      return "the Sec-WebSocket-Key header must be 16 bytes in Base64 (24 characters)";
    }
    return null;
  }

  /**
   * Whether the request asks for the protocol version this server speaks; when false the answer is
   * {@code 426 Upgrade Required} with {@code Sec-WebSocket-Version: 13}.
   */
  static boolean versionSupported(HttpRequest request) {
    String v = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    return v != null && v.trim().equals("13");
  }

  /** The reason sent with a 426. */
  static String unsupportedVersion(HttpRequest request) {
    String v = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    return v == null
        ? "The Sec-WebSocket-Version header is missing; this server speaks version 13."
        : "WebSocket version '" + v + "' is not supported; this server speaks version 13.";
  }

  /** 16 bytes in Base64: 22 characters of the alphabet, then {@code ==}. */
  static boolean isKey(String key) {
    if (key.length() != KEY_LENGTH || key.charAt(22) != '=' || key.charAt(23) != '=') {
      return false;
    }
    for (int i = 0; i < 22; i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
          || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The {@code 101} response for a request that passed {@link #problem} and {@link #versionSupported}. */
  static ByteBuf response(ByteBufAllocator alloc, String key) {
    Scratch s = SCRATCH.get();
    byte[] input = s.input;
    for (int i = 0; i < KEY_LENGTH; i++) {
      input[i] = (byte) key.charAt(i);
    }
    byte[] accept = s.accept;
    try {
      s.sha1.update(input, 0, input.length);
      s.sha1.digest(s.digest, 0, s.digest.length);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-1 digest failed", e);
    }
    Base64.getEncoder().encode(s.digest, accept);
    ByteBuf out = alloc.buffer(RESPONSE_LENGTH, RESPONSE_LENGTH);
    out.writeBytes(RESPONSE_HEAD).writeBytes(accept).writeBytes(RESPONSE_END);
    return out;
  }

  private static final class Scratch {
    final MessageDigest sha1;
    final byte[] input = new byte[KEY_LENGTH + KEY_GUID.length];
    final byte[] digest = new byte[20];
    final byte[] accept = new byte[ACCEPT_LENGTH];

    Scratch() {
      try {
        sha1 = MessageDigest.getInstance("SHA-1");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("This JVM has no SHA-1, which WebSocket handshakes need", e);
      }
      System.arraycopy(KEY_GUID, 0, input, KEY_LENGTH, KEY_GUID.length);
    }
  }
}
