package dev.hubbub.server;

/** A hub's clients and groups, for code outside hub methods (ASP.NET Core's {@code IHubContext}). */
public interface HubContext {

  /** The hub's clients. */
  HubClients clients();

  /** The hub's groups. */
  GroupManager groups();
}
