package dev.hubbub.management;

import dev.hubbub.management.internal.ClientTokens;
import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import dev.hubbub.management.internal.PayloadEncoder;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One hub of the service, non-blocking: every operation returns a {@link CompletableFuture}, never blocking the
 * caller (safe on an event loop). Get it from
 * {@link ServiceManager#createHubContextAsync(String)} or {@link ServiceHubContext#async()}. Thread-safe.
 *
 * <p>REST futures complete on the SDK's one I/O thread ({@code hubbub-management-http}; with a JDK client given
 * to {@link ServiceManagerBuilder#httpClient}, on that client's threads), persistent ones on the persistent
 * transport's own threads. Continuations attached without an executor ({@code thenApply}, {@code thenRun},
 * ...) run on that thread: keep them short and never block in them, or every REST call of the manager waits.
 * Use the {@code *Async} variants with an executor of yours ({@code thenApplyAsync(fn, executor)}) for
 * anything slow; a blocking SDK call there throws {@link IllegalStateException}.
 *
 * <p>With the persistent transport the context holds the hub's connections: {@link #close()} it when done.
 */
public final class ServiceHubContextAsync implements AutoCloseable {
  private final ManagementTransport transport;
  private final CompletableFuture<Void> ready;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final HubRef hub;
  private final ClientTokens tokens;
  private final HubClientsAsync clients;
  private final GroupManagerAsync groups;
  private final UserGroupManagerAsync userGroups;
  private final ClientManagerAsync clientManager;

  ServiceHubContextAsync(ManagementTransport transport, HubRef hub, PayloadEncoder encoder, ClientTokens tokens,
      CompletableFuture<Void> ready) {
    this.transport = transport;
    this.ready = ready;
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
   * Completes when the hub can take operations: at once with the transient transport; when the first
   * persistent connection is up with the persistent one (it never times out by itself: bound the wait).
   */
  public CompletableFuture<Void> ready() {
    return ready.copy();
  }

  /**
   * Releases this context: with the persistent transport the hub's connections close when no other open
   * context of the same hub uses them, and operations of this hub fail afterwards. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      transport.closeHub(hub);
    }
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
