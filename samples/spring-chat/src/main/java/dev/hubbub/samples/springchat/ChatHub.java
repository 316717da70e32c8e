package dev.hubbub.samples.springchat;

import dev.hubbub.server.Hub;
import dev.hubbub.spring.boot.SignalRHub;

/** The chat hub: clients call {@code send(user, text)}; every client gets {@code newMessage(user, text)}. */
@SignalRHub("/chat")
public class ChatHub extends Hub {
  private final ChatHistory history;

  /** Constructor injection, as for any Spring bean. */
  public ChatHub(ChatHistory history) {
    this.history = history;
  }

  /** Broadcasts a message and keeps it in the history. */
  public void send(String user, String text) {
    history.add(new ChatHistory.Message(user, text));
    clients().all().send("newMessage", user, text);
  }
}
