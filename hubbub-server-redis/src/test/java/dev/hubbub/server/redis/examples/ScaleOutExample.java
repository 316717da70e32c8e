package dev.hubbub.server.redis.examples;

import dev.hubbub.server.Hub;
import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.RedisBackplane;
import dev.hubbub.server.redis.RedisBackplaneOptions;
import java.time.Duration;

/** The code of docs/scale-out.md, compiled with the tests so the guide stays true. */
final class ScaleOutExample {
  private ScaleOutExample() {}

  /** A hub; in the guide, your own. */
  public static class ChatHub extends Hub {
    public void send(String user, String message) {
      clients().all().send("newMessage", user, message);
    }
  }

  static HubServer simplest() {
    // [simplest]
    HubServer server = HubServer.builder()
        .port(5000)
        .hub("/chat", ChatHub.class)
        .backplane(RedisBackplane.create("redis://127.0.0.1:6379"))
        .start();
    // [simplest]
    return server;
  }

  static HubServer fromAppHost() {
    // [apphost]
    // ConnectionStrings__cache = "localhost:6379,password=...", injected by the app host's withReference(cache)
    HubServer server = HubServer.builder()
        .hub("/chat", ChatHub.class)
        .backplane(RedisBackplane.fromConnectionString(System.getenv("ConnectionStrings__cache")))
        .start();
    // [apphost]
    return server;
  }

  static HubServer sharedWithDotNet() {
    // [dotnet]
    RedisBackplaneOptions options = RedisBackplaneOptions.builder("redis://:my-password@redis.internal:6379")
        .channelPrefix("chat-app")                            // StackExchange.Redis ChannelPrefix of the .NET servers
        .hubName(ChatHub.class, "MyCompany.Chat.Hubs.ChatHub")  // the .NET hub's full type name
        .ackTimeout(Duration.ofSeconds(5))                    // remote group add/remove (ASP.NET Core: 30 s)
        .build();
    HubServer server = HubServer.builder()
        .hub("/chat", ChatHub.class)
        .backplane(RedisBackplane.create(options))
        .start();
    // [dotnet]
    return server;
  }
}
