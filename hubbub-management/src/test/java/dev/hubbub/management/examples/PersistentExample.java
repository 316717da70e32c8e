package dev.hubbub.management.examples;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.ServiceTransportType;
import java.time.Duration;

/**
 * The persistent transport as {@code docs/management.md} shows it; {@code PersistentExampleTest} runs it against a
 * real Hubbub service.
 */
public final class PersistentExample {
  private PersistentExample() {}

  /** Sends a message to one user and puts the user in a group for a minute, over a persistent connection. */
  public static void notify(String connectionString, String userId) {
    // tag::persistent[]
    try (ServiceManager manager = new ServiceManagerBuilder()
            .connectionString(connectionString)
            .transportType(ServiceTransportType.PERSISTENT) // WebSockets instead of REST calls
            .connectionCount(1)                            // per hub; the default
            .build();
        // opens the hub's connection and waits for it (15 s at most, then SignalRConnectionException)
        ServiceHubContext chat = manager.createHubContext("chat")) {
      chat.clients().user(userId).send("newMessage", "welcome"); // done once queued on the socket
      chat.userGroups().addToGroup(userId, "vip", Duration.ofMinutes(1)); // done on the service's Ack
      boolean inGroup = chat.userGroups().isUserInGroup(userId, "vip");
      System.out.println(userId + " in vip: " + inGroup);
    } // closing the context and the manager closes the socket and stops the transport's threads
    // end::persistent[]
  }
}
