package dev.hubbub.management;

/** The clients one send reaches (all, a user, a group, ...), blocking until the service accepted the message. */
@FunctionalInterface
public interface ClientProxy {
  /**
   * Invokes {@code target} on the clients with {@code arguments}, each serialized with the manager's
   * {@link com.fasterxml.jackson.databind.ObjectMapper}. Returns when the service accepted the message (not
   * when clients received it).
   *
   * @throws SignalRException if the service refused the message or could not be reached
   * @throws IllegalArgumentException if the target is empty or an argument cannot be serialized
   */
  void send(String target, Object... arguments);
}
