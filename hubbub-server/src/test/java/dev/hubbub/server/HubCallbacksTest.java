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
 * {@link Hub#onConnected} and {@link Hub#onDisconnected} run when the hub class, a base class of it, or the class its
 * factory makes overrides them; a hub that keeps the empty defaults gets no instance made when clients come and go
 * once the factory's first instance has shown its class.
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
  void aHubWithoutCallbacksIsMadeOnlyForInvocationsOnceTheFirstInstanceShowedItsClass() throws Exception {
    AtomicInteger made = new AtomicInteger();
    HubServer server = start("/plain", PlainHub.class, () -> {
      made.incrementAndGet();
      return new PlainHub();
    });
    // The first client: the factory has made nothing yet, so its (empty) onConnected runs on a hub of its own.
    WsClient a = connect(server, "/plain");
    a.invoke("1", "echo", "[\"x\"]");
    assertThat(a.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}");
    assertThat(made).hasValue(2);
    // From then on, clients coming and going make no hub; invocations still do.
    WsClient b = connect(server, "/plain");
    WsClient c = connect(server, "/plain");
    b.invoke("2", "echo", "[\"y\"]");
    assertThat(b.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":\"y\"}");
    assertThat(made).hasValue(3);
    a.close();
    b.close();
    c.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
    WsClient d = connect(server, "/plain");
    d.invoke("3", "echo", "[\"z\"]");
    assertThat(d.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"3\",\"result\":\"z\"}");
    assertThat(made).hasValue(4);
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
    assertThat(made).as("the first client's connect, then its invocation").hasValue(2);
    a.close();
    assertThat(LeavingHub.LEFT.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(made).hasValue(3);

    WsClient b = connect(server, "/leaving");
    b.invoke("2", "echo", "[\"y\"]");
    assertThat(b.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":\"y\"}");
    assertThat(made).as("no hub for the second client's connect").hasValue(4);
    b.close();
    assertThat(LeavingHub.LEFT.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(made).hasValue(5);
  }

  @Test
  void callbacksOfTheClassTheFactoryMakesRunEvenWhenTheMappedClassHasNone() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    HubServer server = start("/made", PlainHub.class, () -> new PlainHub() {
      @Override
      public void onConnected() {
        events.add("connected " + context().connectionId());
      }

      @Override
      public void onDisconnected(@Nullable Throwable error) {
        events.add("disconnected " + context().connectionId());
      }
    });
    for (int i = 0; i < 3; i++) {
      WsClient c = connect(server, "/made");
      String connected = events.poll(10, TimeUnit.SECONDS);
      assertThat(connected).startsWith("connected ");
      c.close();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("dis" + connected);
    }
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
