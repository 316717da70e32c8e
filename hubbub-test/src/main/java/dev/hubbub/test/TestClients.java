package dev.hubbub.test;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.HubTestClientOptions;
import dev.hubbub.test.internal.RunningService;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Makes {@link HubTestClient}s for one test and closes them when it ends (before the hubs are cleared). Inject
 * it as a test method parameter. Thread-safe.
 *
 * <p>{@link #connect(String)} and its overloads connect to a hub of the embedded service the way a serverless
 * app's clients do: the management SDK's {@code negotiate} gives the URL and an access token (a fresh token per
 * negotiation, so reconnects work), and the client connects there. {@link #connectTo(String, Consumer)} connects
 * to any URL instead: a hub server, or your app's negotiate endpoint that redirects to the service.
 */
public final class TestClients implements AutoCloseable {
  private final RunningService service;
  private final List<HubTestClient> clients = new ArrayList<>(); // guarded by this
  private boolean closed; // guarded by this

  TestClients(RunningService service) {
    this.service = service;
  }

  /** A started client of {@code hub}, anonymous, with default options. */
  public HubTestClient connect(String hub) {
    return connect(hub, NegotiationOptions.DEFAULTS, o -> { });
  }

  /** A started client of {@code hub} for user {@code userId}, with default options. */
  public HubTestClient connect(String hub, String userId) {
    return connect(hub, NegotiationOptions.builder().userId(userId).build(), o -> { });
  }

  /** A started client of {@code hub}, negotiated with {@code negotiation}, with options changed from the defaults. */
  public HubTestClient connect(String hub, NegotiationOptions negotiation,
      Consumer<HubTestClientOptions.Builder> options) {
    return create(hub, negotiation, options).start();
  }

  /**
   * A client of {@code hub} that is not started yet (to register {@code onInvocation} handlers first).
   *
   * @param negotiation the user id and claims of its tokens
   */
  public HubTestClient create(String hub, NegotiationOptions negotiation,
      Consumer<HubTestClientOptions.Builder> options) {
    ServiceHubContext context = service.hubContext(hub);
    NegotiationResponse first = context.negotiate(negotiation);
    HubTestClientOptions.Builder b = HubTestClientOptions.builder()
        .accessTokenProvider(() -> Objects.requireNonNull(context.negotiate(negotiation).accessToken(),
            "the management SDK's negotiate gave no access token"));
    options.accept(b);
    return track(HubTestClient.create(URI.create(first.url()), b.build()));
  }

  /** A started client of any hub URL (a hub server, an app's negotiate endpoint), closed after the test too. */
  public HubTestClient connectTo(String url, Consumer<HubTestClientOptions.Builder> options) {
    return createFor(url, options).start();
  }

  /** A client of any hub URL that is not started yet, closed after the test too. */
  public HubTestClient createFor(String url, Consumer<HubTestClientOptions.Builder> options) {
    return track(HubTestClient.create(url, options));
  }

  private synchronized HubTestClient track(HubTestClient client) {
    if (closed) {
      throw new IllegalStateException("The test these clients belong to has ended");
    }
    clients.add(client);
    return client;
  }

  /** The clients made so far, in order. */
  public synchronized List<HubTestClient> all() {
    return List.copyOf(clients);
  }

  /** Stops every client made here; called by the extension after each test. */
  @Override
  public void close() {
    List<HubTestClient> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(clients);
    }
    for (HubTestClient c : toClose) {
      c.close();
    }
  }

  @Override
  public synchronized String toString() {
    return "TestClients[" + clients.size() + " clients of " + service + "]";
  }
}
