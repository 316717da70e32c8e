package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Hub#onConnected} and {@link Hub#onDisconnected} run when a hub class overrides them, directly or through a
 * base class, and a hub that keeps the empty defaults gets no instance made when clients come and go.
 */
class HubCallbacksTest {
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  /** No callbacks of its own. */
  public static class PlainHub extends Hub {
    public String echo(String s) {
      return s;
    }
  }

  /** Only onDisconnected. */
  public static class LeavingHub extends PlainHub {
    static final BlockingQueue<String> LEFT = new LinkedBlockingQueue<>();

    @Override
    public void onDisconnected(@Nullable Throwable error) {
      LEFT.add(context().connectionId());
    }
  }

  /** onConnected declared by a base class, not by the mapped class itself. */
  public static class GreetingBase extends Hub {
    static final BlockingQueue<String> JOINED = new LinkedBlockingQueue<>();

    @Override
    public void onConnected() {
      JOINED.add(context().connectionId());
    }
  }

  public static class InheritingHub extends GreetingBase {
    public String echo(String s) {
      return s;
    }
  }

  private <H extends Hub> HubServer start(String path, Class<H> type, java.util.function.Supplier<H> factory) {
    HubServer s = HubServer.builder().hub(path, type, factory).start();
    resources.add(s);
    return s;
  }

  private WsClient connect(HubServer server, String path) throws Exception {
    WsClient c = WsClient.connect(server, path, "");
    resources.add(0, c);
    return c;
  }

  @Test
  void aHubWithoutCallbacksIsMadeOnlyForInvocations() throws Exception {
    AtomicInteger made = new AtomicInteger();
    HubServer server = start("/plain", PlainHub.class, () -> {
      made.incrementAndGet();
      return new PlainHub();
    });
    WsClient a = connect(server, "/plain");
    WsClient b = connect(server, "/plain");
    a.invoke("1", "echo", "[\"x\"]");
    assertThat(a.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}");
    assertThat(made).hasValue(1);
    a.close();
    b.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
    // A new client after the others left: the server still answers, and made no hub for the comings and goings.
    WsClient c = connect(server, "/plain");
    c.invoke("2", "echo", "[\"y\"]");
    assertThat(c.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":\"y\"}");
    assertThat(made).hasValue(2);
  }

  @Test
  void onDisconnectedAloneStillRunsOncePerConnection() throws Exception {
    LeavingHub.LEFT.clear();
    AtomicInteger made = new AtomicInteger();
    HubServer server = start("/leaving", LeavingHub.class, () -> {
      made.incrementAndGet();
      return new LeavingHub();
    });
    WsClient a = connect(server, "/leaving");
    a.invoke("1", "echo", "[\"x\"]");
    assertThat(a.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}");
    assertThat(made).as("no instance for the connect").hasValue(1);
    a.close();
    assertThat(LeavingHub.LEFT.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(made).hasValue(2);
  }

  @Test
  void onConnectedFromABaseClassRunsBeforeTheFirstInvocation() throws Exception {
    GreetingBase.JOINED.clear();
    HubServer server = start("/inheriting", InheritingHub.class, InheritingHub::new);
    WsClient a = connect(server, "/inheriting");
    String joined = GreetingBase.JOINED.poll(10, TimeUnit.SECONDS);
    assertThat(joined).isNotNull();
    a.invoke("1", "echo", "[\"x\"]");
    assertThat(a.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}");
    assertThat(GreetingBase.JOINED).isEmpty();
  }
}
