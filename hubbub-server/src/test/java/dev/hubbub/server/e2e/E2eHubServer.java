package dev.hubbub.server.e2e;

import dev.hubbub.server.HubServer;
import dev.hubbub.server.JwtBearerAuthenticator;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportUser;

/**
 * The hub server the end-to-end tests start as a child process:
 * {@code java -cp ... dev.hubbub.server.e2e.E2eHubServer [--port N]}. Prints
 * {@code Hub server listening on http://127.0.0.1:N} when ready and stops gracefully on SIGTERM. The user id
 * is the {@code user} query parameter (a stand-in for a real authenticator), or with a bearer token, its
 * {@code sub} (HS256 with {@link #JWT_SECRET}, issuer {@code e2e}). Hubs: {@code /chat} (anyone) and
 * {@code /secure} ({@code @Authorize}); route {@code GET /api/info}; raw echo endpoint {@code /raw}. With
 * {@code --embedded} the hub server is mounted in an application's own Netty server ({@link E2eApplication},
 * which also serves {@code GET /app}) instead of listening itself.
 *
 * <p>With {@code --service} the hub is hosted behind the SignalR service of connection {@code signalr}
 * (environment {@code ConnectionStrings__signalr}, {@code Azure__SignalR__signalr__*}); the server then also
 * prints {@code Hub server connected to the SignalR service} once every hub has a service connection up.
 */
public final class E2eHubServer {
  /** The HMAC secret of the test tokens (e2e/support/token.mjs signs with it); a test value, never a real one. */
  static final String JWT_SECRET = "hubbub-e2e-jwt-secret-0123456789abcdef";

  private E2eHubServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    boolean behindService = java.util.Arrays.asList(args).contains("--service");
    boolean embedded = java.util.Arrays.asList(args).contains("--embedded");
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      }
    }
    JwtBearerAuthenticator jwt = JwtBearerAuthenticator.builder().hmacSecret(JWT_SECRET).issuer("e2e").build();
    HubServer.Builder builder = HubServer.builder();
    if (behindService) {
      builder.useNamedAzureSignalR("signalr");
    }
    HubServer.Builder configured = builder
        .port(port)
        .hub("/chat", E2eChatHub.class)
        .options(o -> o.enableDetailedErrors(false).maximumParallelInvocationsPerClient(1).allowStatefulReconnects(true))
        .hub("/secure", E2eSecureHub.class)
        .connectionHandler("/raw", new EchoHandler())
        .route("/api/info", (request, body, responder) ->
            responder.respond(200, "application/json", "{\"hubs\":[\"/chat\",\"/secure\"]}"))
        .authenticator((request, app) -> {
          AuthResult bearer = jwt.authenticate(request, app);
          TransportUser fromToken = bearer.user();
          if (fromToken != null && fromToken.id() != null) {
            return bearer;
          }
          String user = request.queryParam("user");
          return user == null ? AuthResult.anonymous() : AuthResult.allow(TransportUser.of(user));
        });
    HubServer server;
    int listening;
    if (embedded) {
      // mounted in an application's own Netty server: its port, its event loops
      io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(2,
          new io.netty.util.concurrent.DefaultThreadFactory("e2e-app", true),
          io.netty.channel.nio.NioIoHandler.newFactory());
      server = configured.startEmbedded(group);
      listening = E2eApplication.listen(group, server, port);
    } else {
      server = configured.start();
      listening = server.port();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hub-server-shutdown"));
    System.out.println("Hub server listening on http://127.0.0.1:" + listening);
    System.out.flush();
    if (behindService) {
      while (!server.isHealthy()) {
        Thread.sleep(50);
      }
      System.out.println("Hub server connected to the SignalR service as " + server.serverId());
      System.out.flush();
    }
    // The transport's threads are daemons: keep the JVM alive until SIGTERM runs the shutdown hook.
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
