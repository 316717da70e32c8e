package dev.hubbub.samples.seed;

import dev.hubbub.server.Hub;

/** The seed's {@code ChatHub}: every message a client sends goes to every client, as {@code ReceiveMessage}. */
public class ChatHub extends Hub {

    /**
     * Called by clients as {@code SendMessage} (hub method names match ignoring case).
     *
     * @param user who writes
     * @param message what they write
     */
    public void sendMessage(String user, String message) {
        clients().all().send("ReceiveMessage", user, message);
    }
}
