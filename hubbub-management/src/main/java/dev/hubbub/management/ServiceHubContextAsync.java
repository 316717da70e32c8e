package dev.hubbub.management;

import dev.hubbub.management.internal.ClientTokens;
import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import dev.hubbub.management.internal.PayloadEncoder;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One hub of the service, non-blocking: every operation returns a {@link CompletableFuture} completed on the
 * HTTP client's threads, never blocking the caller (safe on an event loop). Get it from
 * {@link ServiceManager#createHubContextAsync(String)} or {@link ServiceHubContext#async()}. Thread-safe.
 */
public final class ServiceHubContextAsync {
  private final HubRef hub;
  private final ClientTokens tokens;
  private final HubClientsAsync clients;
  private final GroupManagerAsync groups;
  private final UserGroupManagerAsync userGroups;
  private final ClientManagerAsync clientManager;

  ServiceHubContextAsync(ManagementTransport transport, HubRef hub, PayloadEncoder encoder, ClientTokens tokens) {
    this.hub = hub;
    this.tokens = tokens;
    this.clients = new HubClientsAsync(transport, hub, encoder);
    this.groups = new GroupManagerAsync(transport, hub);
    this.userGroups = new UserGroupManagerAsync(transport, hub);
    this.clientManager = new ClientManagerAsync(transport, hub);
  }

  /** The hub name as the service knows it: lower-cased, {@code app_hub} with an application name. */
  public String hubName() {
    return hub.serviceHubName();
  }

  /** Sends to all clients, users, groups or connections: {@code clients().group("g").send("m", args)}. */
  public HubClientsAsync clients() {
    return clients;
  }

  /** Connection group membership. */
  public GroupManagerAsync groups() {
    return groups;
  }

  /** User group membership, with optional time to live. */
  public UserGroupManagerAsync userGroups() {
    return userGroups;
  }

  /** Closing connections and existence checks. */
  public ClientManagerAsync clientManager() {
    return clientManager;
  }

  /**
   * The URL and access token a client of this hub connects with; see {@link ServiceHubContext#negotiate}.
   * Tokens are signed locally, so the future is already complete.
   */
  public CompletableFuture<NegotiationResponse> negotiate(NegotiationOptions options) {
    try {
      return CompletableFuture.completedFuture(negotiateNow(options));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  NegotiationResponse negotiateNow(NegotiationOptions options) {
    Objects.requireNonNull(options, "options");
    String[] r = tokens.negotiate(hub, options.userId(), options.claims(), options.tokenLifetime(),
        options.diagnosticClient(), options.enableDetailedErrors(), options.closeOnAuthenticationExpiration());
    return new NegotiationResponse(r[0], r[1]);
  }
}
