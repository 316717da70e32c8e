package dev.hubbub.samples.springchat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/** The last messages, shared by every hub instance (hubs are per invocation; this bean is a singleton). */
@Component
public class ChatHistory {
  private static final int KEPT = 100;

  /** One chat line. */
  public record Message(String user, String text) {}

  private final Deque<Message> messages = new ArrayDeque<>();

  /** Keeps {@code message}, dropping the oldest past the last {@value #KEPT}. */
  public synchronized void add(Message message) {
    messages.addLast(message);
    if (messages.size() > KEPT) {
      messages.removeFirst();
    }
  }

  /** The kept messages, oldest first. */
  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }
}
