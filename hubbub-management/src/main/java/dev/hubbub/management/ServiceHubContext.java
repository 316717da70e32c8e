package dev.hubbub.management;

/**
 * One hub of the service, blocking: the Java counterpart of the official SDK's {@code ServiceHubContext}.
 *
 * <pre>{@code
 * ServiceHubContext chat = serviceManager.createHubContext("chat");
 * chat.clients().all().send("newMessage", "hello");
 * chat.clients().group("room1").send("newMessage", "hi room");
 * chat.groups().addToGroup(connectionId, "room1");
 * NegotiationResponse r = chat.negotiate(NegotiationOptions.builder().userId("alice").build());
 * }</pre>
 *
 * <p>Operations block until the service answered and throw {@link SignalRException} on failure; use
 * {@link #async()} for the non-blocking twin (do that on event-loop threads). They throw
 * {@link IllegalStateException} on the SDK's own I/O thread ({@code hubbub-management-http}, where
 * continuations of async calls run), as they would wait for themselves there. Thread-safe. With the persistent
 * transport the context holds the hub's connections: {@link #close()} it when done.
 */
public final class ServiceHubContext implements AutoCloseable {
  private final ServiceHubContextAsync async;
  private final HubClients clients;
  private final GroupManager groups;
  private final UserGroupManager userGroups;
  private final ClientManager clientManager;

  ServiceHubContext(ServiceHubContextAsync async) {
    this.async = async;
    this.clients = new HubClients(async.clients());
    this.groups = new GroupManager(async.groups());
    this.userGroups = new UserGroupManager(async.userGroups());
    this.clientManager = new ClientManager(async.clientManager());
  }

  /** Releases this context; see {@link ServiceHubContextAsync#close()}. Idempotent. */
  @Override
  public void close() {
    async.close();
  }

  /** The non-blocking view of this hub. */
  public ServiceHubContextAsync async() {
    return async;
  }

  /** The hub name as the service knows it: lower-cased, {@code app_hub} with an application name. */
  public String hubName() {
    return async.hubName();
  }

  /** Sends to all clients, users, groups or connections: {@code clients().group("g").send("m", args)}. */
  public HubClients clients() {
    return clients;
  }

  /** Connection group membership. */
  public GroupManager groups() {
    return groups;
  }

  /** User group membership, with optional time to live. */
  public UserGroupManager userGroups() {
    return userGroups;
  }

  /** Closing connections and existence checks. */
  public ClientManager clientManager() {
    return clientManager;
  }

  /**
   * The URL and access token a client of this hub connects with, as the official SDK's
   * {@code NegotiateAsync}: url {@code {ClientEndpoint or Endpoint}/client/?hub={hub}}, token audience
   * {@code {scheme}://{host}/client/?hub={hub}} (no port), signed with the access key. Return
   * {@link NegotiationResponse#toJson()} from your app's {@code POST /negotiate}.
   */
  public NegotiationResponse negotiate(NegotiationOptions options) {
    return async.negotiateNow(options);
  }

  /** {@link #negotiate(NegotiationOptions)} for an anonymous client with a 1-hour token. */
  public NegotiationResponse negotiate() {
    return negotiate(NegotiationOptions.DEFAULTS);
  }
}
