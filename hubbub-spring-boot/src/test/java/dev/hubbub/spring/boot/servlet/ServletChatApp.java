package dev.hubbub.spring.boot.servlet;

import dev.hubbub.server.Hub;
import dev.hubbub.spring.boot.HubContextOf;
import dev.hubbub.spring.boot.SignalRHub;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A Spring MVC application on Tomcat with one hub. */
@SpringBootApplication
public class ServletChatApp {

  /** Echoes and broadcasts. */
  @SignalRHub("/chat")
  public static class ChatHub extends Hub {
    public void send(String user, String text) {
      clients().all().send("newMessage", user, text);
    }

    public int add(int a, int b) {
      return a + b;
    }

    public String whoAmI() {
      return String.valueOf(context().userIdentifier());
    }
  }

  /** A controller beside the hub. */
  @RestController
  public static class Controller {
    private final HubContextOf<ChatHub> chat;

    public Controller(HubContextOf<ChatHub> chat) {
      this.chat = chat;
    }

    @GetMapping("/hello")
    public String hello() {
      return "hello from Spring MVC";
    }

    @PostMapping("/announce")
    public String announce(@RequestParam String text) {
      chat.clients().all().send("newMessage", "system", text);
      return "sent";
    }
  }
}
