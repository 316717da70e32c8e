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
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Hub#onConnected} and {@link Hub#onDisconnected} run when the hub class, a base class of it, or the class its
 * factory makes overrides them; a hub that keeps the empty defaults gets no instance made when clients come and go:
 * from the first client when the factory can make only the mapped class (it is final, or mapped by its class alone),
 * else once the factory's first instance has shown its class.
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

  /** No callbacks, and counts the instances made by its constructor. */
  public static class CountingHub extends Hub {
    static final AtomicInteger MADE = new AtomicInteger();

    public CountingHub() {
      MADE.incrementAndGet();
    }

    public String echo(String s) {
      return s;
    }
  }

  /** No callbacks, and no subclass can have any. */
  public static final class FinalHub extends Hub {
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

  private <H extends Hub> HubServer start(String path, Class<H> type, Supplier<H> factory) {
    HubServer s = HubServer.builder().hub(path, type, factory).start();
    resources.add(s);
    return s;
  }

  private <H extends Hub> HubServer start(String path, Class<H> type) {
    HubServer s = HubServer.builder().hub(path, type).start();
    resources.add(s);
    return s;
  }

  private WsClient connect(HubServer server, String path) throws Exception {
    WsClient c = WsClient.connect(server, path, "");
    resources.add(0, c);
    return c;
  }

  /** The factory, counting the hubs it makes. */
  private static <H extends Hub> Supplier<H> counted(AtomicInteger made, Supplier<H> factory) {
    return () -> {
      made.incrementAndGet();
      return factory.get();
    };
  }

  /** Closes the clients and waits until the server has let them all go. */
  private static void closeAll(HubServer server, WsClient... clients) {
    for (WsClient c : clients) {
      c.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
  }

  /** Invokes {@code echo} and checks the completion. */
  private static void echo(WsClient c, String id, String text) throws InterruptedException {
    c.invoke(id, "echo", "[\"" + text + "\"]");
    assertThat(c.next().toString())
        .isEqualTo("{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":\"" + text + "\"}");
  }

  @Test
  void aHubWithoutCallbacksIsMadeOnlyForInvocationsOnceTheFirstInstanceShowedItsClass() throws Exception {
    AtomicInteger made = new AtomicInteger();
    HubServer server = start("/plain", PlainHub.class, counted(made, PlainHub::new));
    // The first client: the factory has made nothing yet, so its (empty) onConnected runs on a hub of its own.
    WsClient a = connect(server, "/plain");
    echo(a, "1", "x");
    assertThat(made).hasValue(2);
    // From then on, clients coming and going make no hub; invocations still do.
    WsClient b = connect(server, "/plain");
    WsClient c = connect(server, "/plain");
    echo(b, "2", "y");
    assertThat(made).hasValue(3);
    closeAll(server, a, b, c);
    WsClient d = connect(server, "/plain");
    echo(d, "3", "z");
    assertThat(made).hasValue(4);
  }

  @Test
  void onDisconnectedAloneStillRunsOncePerConnection() throws Exception {
    LeavingHub.LEFT.clear();
    AtomicInteger made = new AtomicInteger();
    HubServer server = start("/leaving", LeavingHub.class, counted(made, LeavingHub::new));
    // The first client's connect makes a hub (nothing made yet shows the class); the second's makes none.
    int[] afterEcho = {2, 4};
    for (int i = 0; i < afterEcho.length; i++) {
      WsClient c = connect(server, "/leaving");
      echo(c, String.valueOf(i), "x");
      assertThat(made).as("client %d after its invocation", i).hasValue(afterEcho[i]);
      c.close();
      assertThat(LeavingHub.LEFT.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(made).as("client %d after onDisconnected", i).hasValue(afterEcho[i] + 1);
    }
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
    echo(a, "1", "x");
    assertThat(GreetingBase.JOINED).isEmpty();
  }

  @Test
  void aHubMappedByItsClassIsMadeOnlyForInvocationsFromTheFirstClientOn() throws Exception {
    CountingHub.MADE.set(0);
    HubServer server = start("/counting", CountingHub.class);
    // onConnected would run in the client's lane before its invocation: one instance made means it did not.
    WsClient a = connect(server, "/counting");
    echo(a, "1", "x");
    assertThat(CountingHub.MADE).hasValue(1);
    WsClient b = connect(server, "/counting");
    WsClient c = connect(server, "/counting");
    echo(b, "2", "y");
    echo(c, "3", "z");
    assertThat(CountingHub.MADE).hasValue(3);
    closeAll(server, a, b, c);
    WsClient d = connect(server, "/counting");
    echo(d, "4", "w");
    assertThat(CountingHub.MADE).hasValue(4);
  }

  @Test
  void aFinalHubClassSkipsTheEmptyCallbacksWhateverItsFactory() throws Exception {
    AtomicInteger made = new AtomicInteger();
    HubServer server = start("/final", FinalHub.class, counted(made, FinalHub::new));
    WsClient a = connect(server, "/final");
    echo(a, "1", "x");
    assertThat(made).hasValue(1);
  }

  @Test
  void onConnectedOfAHubMappedByItsClassRunsForTheFirstClient() throws Exception {
    GreetingBase.JOINED.clear();
    HubServer server = start("/inheriting", InheritingHub.class);
    WsClient a = connect(server, "/inheriting");
    assertThat(GreetingBase.JOINED.poll(10, TimeUnit.SECONDS)).isNotNull();
    echo(a, "1", "x");
    WsClient b = connect(server, "/inheriting");
    assertThat(GreetingBase.JOINED.poll(10, TimeUnit.SECONDS)).isNotNull();
    echo(b, "2", "y");
    assertThat(GreetingBase.JOINED).isEmpty();
  }
}
