package dev.hubbub.spring.boot.webflux;

import dev.hubbub.server.Hub;
import dev.hubbub.spring.boot.HubContextOf;
import dev.hubbub.spring.boot.SignalRHub;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A WebFlux application with one hub: a controller and the hub share the port and a singleton bean. */
@SpringBootApplication
public class WebFluxChatApp {

  /**
   * Reactor Netty, although Tomcat is on the test classpath too (for the servlet tests), where Boot would prefer it.
   */
  @org.springframework.context.annotation.Bean
  org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory nettyFactory() {
    return new org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory();
  }

  /** A singleton the hub gets by constructor injection. */
  @Service
  public static class ChatHistory {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public void add(String user, String text) {
      lines.add(user + ": " + text);
    }

    public List<String> lines() {
      return List.copyOf(lines);
    }
  }

  @SignalRHub("/chat")
  public static class ChatHub extends Hub {
    private final ChatHistory history;

    public ChatHub(ChatHistory history) {
      this.history = history;
    }

    public void send(String user, String text) {
      history.add(user, text);
      clients().all().send("newMessage", user, text);
    }

    public int add(int a, int b) {
      return a + b;
    }

    public String whoAmI() {
      String user = context().userIdentifier();
      return user == null ? "anonymous" : user;
    }
  }

  /** A plain WebFlux endpoint beside the hub, and one that sends through the hub context bean. */
  @RestController
  public static class HistoryController {
    private final ChatHistory history;
    private final HubContextOf<ChatHub> chat;

    public HistoryController(ChatHistory history, HubContextOf<ChatHub> chat) {
      this.history = history;
      this.chat = chat;
    }

    @GetMapping("/history")
    public List<String> history() {
      return history.lines();
    }

    /** Answers 100 ms later, from a timer thread: a response that ends after the socket has read on. */
    @GetMapping("/later")
    public reactor.core.publisher.Mono<String> later() {
      return reactor.core.publisher.Mono.just("later").delayElement(java.time.Duration.ofMillis(100));
    }

    @PostMapping("/announce")
    public String announce(@RequestParam String text) {
      chat.clients().all().send("newMessage", "system", text);
      return "sent";
    }
  }
}
