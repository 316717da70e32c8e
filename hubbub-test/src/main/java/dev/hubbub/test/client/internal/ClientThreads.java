package dev.hubbub.test.client.internal;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads every test client shares: a pool for I/O callbacks and user code, one timer for keep-alives,
 * timeouts and reconnect delays, and the default HTTP client. All threads are daemons, so a test run that
 * forgets a client still ends; idle pool threads go away after a minute.
 */
public final class ClientThreads {
  /** Callbacks of the HTTP client, message dispatch, client result handlers, reconnect attempts. */
  public static final ExecutorService POOL = Executors.newCachedThreadPool(daemon("hubbub-test-client"));

  /** Keep-alive pings, server and handshake timeouts, batched Acks, reconnect delays. */
  public static final ScheduledThreadPoolExecutor TIMER = timer();

  /**
   * The HTTP client clients use unless their options name one: HTTP/1.1 (the SignalR transports' own
   * version; no h2c upgrade attempts), no redirects followed (negotiate redirects are SignalR's, in the body).
   */
  public static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .executor(POOL)
      .build();

  private ClientThreads() {}

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("hubbub-test-client-timer"));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
