package dev.hubbub.samples.springchat;

import dev.hubbub.spring.boot.HubContextOf;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** REST beside the hub: the history, and a send from outside any hub method through the hub's context bean. */
@RestController
public class ChatController {
  private final ChatHistory history;
  private final HubContextOf<ChatHub> chat;

  public ChatController(ChatHistory history, HubContextOf<ChatHub> chat) {
    this.history = history;
    this.chat = chat;
  }

  /** The kept messages. */
  @GetMapping("/history")
  public List<ChatHistory.Message> history() {
    return history.messages();
  }

  /** Broadcasts {@code {"user": "..", "text": ".."}} as the hub does, from a controller. */
  @PostMapping("/send")
  public void send(@RequestBody ChatHistory.Message message) {
    history.add(message);
    chat.clients().all().send("newMessage", message.user(), message.text());
  }
}
