package dev.hubbub.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.transport.Fanout;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Which way a session's fan-out writes go: straight to the transport connection under a plain
 * {@link TransportChannel}, through a subclass of it (which may hold or shape writes) unless the session says the
 * straight way is open ({@link HubSession#writeFanoutStraightTo}), and back through it when the session closes
 * that way again. Direct sends always go through the channel.
 */
class FanoutStraightTest {

  /** A transport connection that records what is written to it (a connection that is not the transport's own
   *  is written at once by a fan-out) and reports 42 queued bytes. */
  private static TransportConnection recording(List<String> written) {
    return (TransportConnection) Proxy.newProxyInstance(FanoutStraightTest.class.getClassLoader(),
        new Class<?>[] {TransportConnection.class}, (proxy, method, args) -> switch (method.getName()) {
          case "write" -> {
            written.add(((ByteBuf) args[0]).toString(UTF_8));
            yield true;
          }
          case "queuedBytes" -> 42L;
          case "connectionId" -> "c1";
          case "toString" -> "recording connection";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          // Anything else the session asked of the connection is outside what this test expects of it.
          default -> throw new UnsupportedOperationException("not expected of this connection: " + method.getName());
        });
  }

  /** A channel subclass that counts the writes it is given, as a product's shaping channel would see them. */
  private static final class CountingChannel extends TransportChannel {
    final List<String> seen = new ArrayList<>();

    CountingChannel(TransportConnection connection) {
      super(connection);
    }

    @Override
    public boolean write(ByteBuf framed) {
      seen.add("direct:" + framed.toString(UTF_8));
      return super.write(framed);
    }

    @Override
    public boolean write(ByteBuf framed, Fanout fanout) {
      seen.add("fanout:" + framed.toString(UTF_8));
      return super.write(framed, fanout);
    }
  }

  private static final class Session extends HubSession {
    Session(SessionChannel channel) {
      super(channel, "c1", null, Map.of());
    }

    void straightTo(@Nullable TransportConnection connection) {
      writeFanoutStraightTo(connection);
    }
  }

  private static void fanOut(HubSession session, String text) {
    Fanout f = new Fanout();
    ByteBuf b = Unpooled.copiedBuffer(text, UTF_8);
    try {
      assertThat(session.send(b, false, f)).isTrue();
    } finally {
      f.dispatch();
      b.release();
    }
  }

  private static void direct(HubSession session, String text) {
    ByteBuf b = Unpooled.copiedBuffer(text, UTF_8);
    try {
      assertThat(session.send(b, false)).isTrue();
    } finally {
      b.release();
    }
  }

  @Test
  void aSubclassedChannelGetsEveryWriteUntilTheSessionOpensTheStraightWay() {
    List<String> written = new ArrayList<>();
    TransportConnection connection = recording(written);
    CountingChannel channel = new CountingChannel(connection);
    Session session = new Session(channel);

    fanOut(session, "a");
    direct(session, "b");
    assertThat(channel.seen).containsExactly("fanout:a", "direct:b");

    session.straightTo(connection);
    fanOut(session, "c");
    direct(session, "d");
    // The fan-out skipped the channel; the direct send did not.
    assertThat(channel.seen).containsExactly("fanout:a", "direct:b", "direct:d");

    session.straightTo(null);
    fanOut(session, "e");
    assertThat(channel.seen).containsExactly("fanout:a", "direct:b", "direct:d", "fanout:e");
    // Whichever way they went, the connection got every write, in order.
    assertThat(written).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void aPlainTransportChannelIsWrittenStraightAndItsQueueReadFromTheConnection() {
    List<String> written = new ArrayList<>();
    TransportConnection connection = recording(written);
    Session session = new Session(new TransportChannel(connection));

    fanOut(session, "x");
    direct(session, "y");

    assertThat(written).containsExactly("x", "y");
    assertThat(session.queuedBytes()).isEqualTo(42L);
  }

  @Test
  void aChannelOfAnotherKindKeepsItsOwnQueueReading() {
    Session session = new Session(NoChannel.INSTANCE);
    fanOut(session, "z"); // NoChannel's default fan-out write: at once, dropped
    assertThat(session.queuedBytes()).isEqualTo(NoChannel.INSTANCE.queuedBytes());
  }
}
