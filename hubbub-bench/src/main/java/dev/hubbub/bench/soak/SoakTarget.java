package dev.hubbub.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.bench.load.Target;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How the soak talks to the product under test: negotiate, the WebSocket, group joins and REST sends, with the
 * service's tokens ({@link Target#SERVICE}) or the self-hosted bench hub server's {@code ?user=}
 * ({@link Target#SELF}).
 */
final class SoakTarget implements AutoCloseable {
  private final SoakConfig config;
  private final EventLoopGroup loops;
  private final HttpClient http;
  private final @Nullable AccessTokenIssuer issuer;
  private final String restAuthorization;

  SoakTarget(SoakConfig config) {
    this.config = config;
    this.loops = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    this.issuer = config.target() == Target.SERVICE ? AccessTokenIssuer.builder(config.accessKey()).build() : null;
    this.restAuthorization = issuer == null ? "" : "Bearer " + issuer.issue("http://localhost/api/hubs/"
        + config.hub(), TokenClaims.builder().nameId("soak").build());
  }

  /**
   * Negotiates and opens one client, and waits for its handshake reply.
   *
   * @throws Exception why it could not connect; nothing is left open then
   */
  SoakClient open(int slot, String name, String user, String group, SoakClient.Listener listener) throws Exception {
    JsonNode negotiated = negotiate(user);
    String id = negotiated.path("connectionId").asText();
    String token = negotiated.hasNonNull("connectionToken") ? negotiated.get("connectionToken").asText() : id;
    SoakClient client = new SoakClient(slot, name, user, group, id, listener);
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    if (issuer != null) {
      headers.set("Authorization", "Bearer " + clientToken(user));
    }
    WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(webSocketUri(user, token)).version(WebSocketVersion.V13).customHeaders(headers)
        .handshakeTimeoutMillis(30_000).maxFramePayloadLength(1 << 20)
        .handleCloseFrames(false).dropPongFrames(true).build();
    Bootstrap b = new Bootstrap().group(loops).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                new WebSocketClientProtocolHandler(wsConfig), new WebSocketFrameAggregator(1 << 20), client);
          }
        });
    Channel channel = b.connect(config.endpoint().getHost(), port()).sync().channel();
    try {
      client.opened.get(30, TimeUnit.SECONDS);
      return client;
    } catch (Exception e) {
      channel.close();
      throw e;
    }
  }

  /** Adds {@code c} to its group; completes once the membership holds. */
  CompletableFuture<Void> join(SoakClient c) {
    if (config.target() == Target.SELF) {
      return c.invoke("soakJoin", c.group);
    }
    HttpRequest r = HttpRequest.newBuilder(URI.create(restBase() + "/groups/" + enc(c.group) + "/connections/"
            + enc(c.connectionId)))
        .header("Authorization", restAuthorization).timeout(Duration.ofSeconds(30))
        .PUT(HttpRequest.BodyPublishers.noBody()).build();
    return http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("group join answered " + response.statusCode() + ": " + response.body());
      }
    });
  }

  /**
   * POSTs {@code body} to the hub's REST {@code path} (such as {@code /:send}) and waits for the answer.
   *
   * @throws IllegalStateException when it is not 2xx
   */
  void restSend(String path, String body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(restBase() + path))
        .header("Authorization", restAuthorization).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
    }
  }

  private int port() {
    URI e = config.endpoint();
    return e.getPort() > 0 ? e.getPort() : "https".equals(e.getScheme()) ? 443 : 80;
  }

  private String clientToken(String user) {
    return Objects.requireNonNull(issuer).issue("http://localhost/client/?hub=" + config.hub(),
        TokenClaims.builder().nameId(user).build());
  }

  private JsonNode negotiate(String user) throws Exception {
    String base = config.endpoint().toString().replaceAll("/+$", "");
    HttpRequest.Builder r;
    if (config.target() == Target.SERVICE) {
      r = HttpRequest.newBuilder(URI.create(base + "/client/negotiate?hub=" + enc(config.hub())
          + "&negotiateVersion=1")).header("Authorization", "Bearer " + clientToken(user));
    } else {
      r = HttpRequest.newBuilder(URI.create(base + "/" + config.hub() + "/negotiate?negotiateVersion=1&user="
          + enc(user)));
    }
    HttpResponse<String> response = http.send(r.timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("negotiate answered " + response.statusCode() + ": " + response.body());
    }
    return SoakClient.JSON.readTree(response.body());
  }

  private URI webSocketUri(String user, String token) {
    String scheme = "https".equals(config.endpoint().getScheme()) ? "wss" : "ws";
    String base = scheme + "://" + config.endpoint().getHost() + ":" + port();
    return URI.create(config.target() == Target.SERVICE
        ? base + "/client/?hub=" + enc(config.hub()) + "&id=" + enc(token)
        : base + "/" + config.hub() + "?id=" + enc(token) + "&user=" + enc(user));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String restBase() {
    return config.endpoint().toString().replaceAll("/+$", "") + "/api/hubs/" + enc(config.hub());
  }

  @Override
  public void close() throws InterruptedException {
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }
}
