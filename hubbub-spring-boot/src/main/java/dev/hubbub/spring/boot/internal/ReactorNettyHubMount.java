package dev.hubbub.spring.boot.internal;

import dev.hubbub.transport.EmbeddedTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Mounts the hubs into Reactor Netty's HTTP server (WebFlux): on each new socket, the diverter behind Reactor's HTTP
 * codec, the Hubbub handler after it, and the write bypass last.
 */
public final class ReactorNettyHubMount {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.spring");

  private ReactorNettyHubMount() {}

  /**
   * Mounts the hubs into Reactor Netty.
   *
   * @param transport the embedded transport, looked up when the first socket opens (null: hubs are not served on
   *     this server, as when they are behind a SignalR service that clients reach directly)
   * @param negotiateThroughApplication whether the first negotiate goes to the application ({@link PrincipalNegotiate})
   */
  public static HttpServer mount(HttpServer server, Supplier<@Nullable EmbeddedTransport> transport,
      boolean negotiateThroughApplication) {
    return server.doOnChannelInit((observer, channel, remoteAddress) -> {
      EmbeddedTransport t = transport.get();
      if (t != null) {
        install(channel, t, negotiateThroughApplication);
      }
    });
  }

  static void install(Channel channel, EmbeddedTransport transport, boolean negotiateThroughApplication) {
    ChannelPipeline p = channel.pipeline();
    if (p.get(NettyPipeline.HttpCodec) == null) {
      log.warn("No HTTP codec '{}' in Reactor Netty's pipeline {}: hubs are not served on this socket "
          + "(HTTP/2 or H2C only is not supported)", NettyPipeline.HttpCodec, p.names());
      return;
    }
    HubRequestDiverter diverter = new HubRequestDiverter(transport, negotiateThroughApplication);
    p.addAfter(NettyPipeline.HttpCodec, HubRequestDiverter.NAME, diverter);
    p.addAfter(HubRequestDiverter.NAME, HubRequestDiverter.HUB_HANDLER, transport.newHttpHandler());
    p.addLast(HubWriteBypass.NAME, new HubWriteBypass(diverter));
  }
}
