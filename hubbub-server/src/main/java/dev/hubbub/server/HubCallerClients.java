package dev.hubbub.server;

/** {@link HubClients} as seen from inside a hub method, relative to the calling connection. */
public interface HubCallerClients extends HubClients {

  /** The connection that invoked the hub method. */
  SingleClientProxy caller();

  /** Every connection except the caller. */
  ClientProxy others();

  /** Every connection in a group except the caller. */
  ClientProxy othersInGroup(String groupName);
}
