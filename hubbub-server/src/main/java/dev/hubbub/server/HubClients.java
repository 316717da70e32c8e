package dev.hubbub.server;

import java.util.Collection;

/** Chooses which clients of a hub receive a message. Usable from anywhere (see {@link HubContext}). */
public interface HubClients {

  /** Every connection of the hub. */
  ClientProxy all();

  /** Every connection except those listed. */
  ClientProxy allExcept(Collection<String> excludedConnectionIds);

  /** One connection, which can also be asked for a result. */
  SingleClientProxy client(String connectionId);

  /** The listed connections. */
  ClientProxy clients(Collection<String> connectionIds);

  /** Every connection in a group. */
  ClientProxy group(String groupName);

  /** Every connection in any of the groups (each connection once). */
  ClientProxy groups(Collection<String> groupNames);

  /** Every connection in a group except those listed. */
  ClientProxy groupExcept(String groupName, Collection<String> excludedConnectionIds);

  /** Every connection of a user (the id the authenticator established). */
  ClientProxy user(String userId);

  /** Every connection of any of the users. */
  ClientProxy users(Collection<String> userIds);
}
