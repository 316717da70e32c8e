package dev.hubbub.server.redis.e2e;

import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.RedisBackplane;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportUser;
import java.util.concurrent.CountDownLatch;

/**
 * A hub server on a Redis backplane, for the end-to-end tests (e2e/tests/server-redis.test.mjs) and the bench:
 * {@code java -cp ... dev.hubbub.server.redis.e2e.E2eRedisHubServer --redis redis://127.0.0.1:N [--port N]}.
 * Prints {@code Hub server listening on http://127.0.0.1:N} once it listens and its backplane is subscribed; the
 * hub is at {@code /chat}, the user id is the {@code user} query parameter.
 */
public final class E2eRedisHubServer {
  private E2eRedisHubServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    String redis = null;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--redis")) {
        redis = args[i + 1];
      }
    }
    if (redis == null) {
      throw new IllegalArgumentException("Pass --redis redis://HOST:PORT");
    }
    HubServer server = HubServer.builder()
        .port(port)
        .hub("/chat", E2eScaleOutHub.class)
        .options(o -> o.allowStatefulReconnects(true))
        .authenticator((request, app) -> {
          String user = request.queryParam("user");
          return user == null ? AuthResult.anonymous() : AuthResult.allow(TransportUser.of(user));
        })
        .backplane(RedisBackplane.create(redis))
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hub-server-shutdown"));
    System.out.println("Hub server listening on http://127.0.0.1:" + server.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
