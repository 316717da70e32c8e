package dev.hubbub.spring.boot;

import dev.hubbub.server.GroupManager;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubClients;
import dev.hubbub.server.HubContext;

/**
 * The clients and groups of hub {@code H}, for sends from anywhere in the application (ASP.NET Core's
 * {@code IHubContext<THub>}). One bean per {@link SignalRHub}; inject it by its type:
 *
 * <pre>{@code
 * @Service
 * class Announcer {
 *   private final HubContextOf<ChatHub> chat;
 *
 *   Announcer(HubContextOf<ChatHub> chat) { this.chat = chat; }
 *
 *   void announce(String text) { chat.clients().all().send("newMessage", "system", text); }
 * }
 * }</pre>
 *
 * @param <H> the hub class
 */
public final class HubContextOf<H extends Hub> implements HubContext {
  private final Class<H> hubType;
  private final HubContext context;

  /** Wraps the context of hub class {@code hubType}. */
  public HubContextOf(Class<H> hubType, HubContext context) {
    this.hubType = hubType;
    this.context = context;
  }

  /** The hub class. */
  public Class<H> hubType() {
    return hubType;
  }

  @Override
  public HubClients clients() {
    return context.clients();
  }

  @Override
  public GroupManager groups() {
    return context.groups();
  }

  @Override
  public String toString() {
    return "HubContextOf[" + hubType.getName() + "]";
  }
}
