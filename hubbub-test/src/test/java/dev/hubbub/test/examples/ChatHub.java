package dev.hubbub.test.examples;

import dev.hubbub.server.Hub;

/** The seed's chat hub. */
public class ChatHub extends Hub {
  public void sendMessage(String user, String message) {
    clients().all().send("ReceiveMessage", user, message);
  }
}
