package dev.hubbub.server.docs;

import dev.hubbub.server.Authorize;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubContext;
import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.server.HubServer;
import dev.hubbub.server.JwtBearerAuthenticator;
import dev.hubbub.transport.HttpRequestHandler;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The examples of docs/server.md's "Around the hubs" section and of "Holding a broadcaster back";
 * {@code GuideExamplesTest} runs them.
 */
public final class GuideExamples {
  private GuideExamples() {
  }

  // tag::hub[]
  @Authorize
  public static class OrdersHub extends Hub {
    public String whoAmI() {
      HubHttpRequest request = context().httpRequest();
      return context().userIdentifier() + " via " + request.header("User-Agent")
          + " in room " + request.queryParam("room");
    }

    @Authorize(roles = "admin")
    public void cancelAll() {
      clients().all().send("cancelled");
    }

    @Authorize(policy = "sameTenant")
    public void move(String tenant) {
      clients().group(tenant).send("moved");
    }
  }
  // end::hub[]

  /** A self-hosted server with JWT bearer auth, a policy and a blocking route. */
  public static HubServer start(byte[] secret, ExecutorService blocking) {
    // tag::server[]
    HubServer server = HubServer.builder()
        .port(0)
        .authenticator(JwtBearerAuthenticator.builder()
            .hmacSecret(secret)                      // or .jwkSetUri(URI.create("https://login.example/keys"))
            .issuer("https://login.example")
            .audience("orders-api")
            .build())
        .authorizationPolicy("sameTenant", user -> user.claim("tenant").contains("a"))
        .hub("/orders", OrdersHub.class)
        .route("/api/status", (request, body, responder) ->
            responder.respond(200, "application/json", "{\"up\":true}"))
        .route("/api/report", HttpRequestHandler.onExecutor(blocking, (request, body, responder) ->
            responder.respond(200, "text/plain", slowReport())))
        .start();
    // end::server[]
    return server;
  }

  /** Mounted in an application's own Netty server. */
  public static HubServer embedded(EventLoopGroup childGroup) {
    // tag::embedded[]
    HubServer hubs = HubServer.builder()
        .hub("/orders", OrdersHub.class)
        .authorizationPolicy("sameTenant", user -> true)
        .startEmbedded(childGroup);
    // in the application's ChannelInitializer, after its HttpServerCodec and its router:
    //   pipeline.addLast(hubs.newHttpHandler());
    // and in the router, pass on (ctx.fireChannelRead) every request for which hubs.serves(path) is true,
    // with its content, and every message after a WebSocket upgrade.
    // end::embedded[]
    return hubs;
  }

  /** A hub that only receives broadcasts. */
  public static class TickerHub extends Hub {}

  /** Sends {@code ticks} broadcasts, each only once no client of the server is backlogged. */
  public static void broadcastPaced(HubServer server, int ticks) throws Exception {
    HubContext hub = server.hubContext("/ticks");
    for (int tick = 0; tick < ticks; tick++) {
      // tag::paced[]
      while (server.backloggedConnections() > 0) {
        server.whenNoneBacklogged().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
      hub.clients().all().send("tick", tick);
      // end::paced[]
    }
  }

  private static String slowReport() {
    return "report";
  }
}
