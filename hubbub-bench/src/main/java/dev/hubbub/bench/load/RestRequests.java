package dev.hubbub.bench.load;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds the REST requests of a run: sends carrying a timestamp, and group joins. */
final class RestRequests {
  private static final byte[] BODY_START = "{\"target\":\"m\",\"arguments\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY_END = "]}".getBytes(StandardCharsets.US_ASCII);

  private final String hostHeader;
  private final String authorization;
  private final String hubPath;
  /** {@code ,"xxxx"} of the configured payload size, or nothing. */
  private final byte[] padding;

  RestRequests(LoadConfig config) {
    this.hostHeader = config.host() + ":" + config.port();
    this.hubPath = "/api/hubs/" + config.hub();
    // the audience is matched by path prefix: one token serves every route of the hub
    this.authorization = "Bearer " + AccessTokenIssuer.builder(config.accessKey()).build()
        .issue("http://localhost" + hubPath, TokenClaims.builder().nameId("loadgen").build());
    if (config.payloadBytes() == 0) {
      padding = new byte[0];
    } else {
      padding = new byte[config.payloadBytes() + 3];
      Arrays.fill(padding, (byte) 'x');
      padding[0] = ',';
      padding[1] = '"';
      padding[padding.length - 1] = '"';
    }
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  String broadcastPath() {
    return hubPath + "/:send";
  }

  String userPath(String user) {
    return hubPath + "/users/" + encode(user) + "/:send";
  }

  String connectionPath(String connectionId) {
    return hubPath + "/connections/" + encode(connectionId) + "/:send";
  }

  String groupPath(String group) {
    return hubPath + "/groups/" + encode(group) + "/:send";
  }

  String joinPath(String group, String connectionId) {
    return hubPath + "/groups/" + encode(group) + "/connections/" + encode(connectionId);
  }

  /** A send whose first argument is {@code timestampNanos}. */
  FullHttpRequest send(ByteBufAllocator alloc, String path, long timestampNanos) {
    ByteBuf body = alloc.buffer(BODY_START.length + 20 + padding.length + BODY_END.length);
    body.writeBytes(BODY_START);
    body.writeCharSequence(Long.toString(timestampNanos), StandardCharsets.US_ASCII);
    body.writeBytes(padding);
    body.writeBytes(BODY_END);
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
    r.headers().set(HttpHeaderNames.HOST, hostHeader)
        .set(HttpHeaderNames.AUTHORIZATION, authorization)
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return r;
  }

  /** A request without a body ({@code PUT} to join a group). */
  FullHttpRequest empty(HttpMethod method, String path) {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path, Unpooled.EMPTY_BUFFER);
    r.headers().set(HttpHeaderNames.HOST, hostHeader)
        .set(HttpHeaderNames.AUTHORIZATION, authorization)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    return r;
  }
}
