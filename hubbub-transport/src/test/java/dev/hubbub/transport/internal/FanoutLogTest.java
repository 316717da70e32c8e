package dev.hubbub.transport.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportUser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoopGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link FanoutLog}: what a run refers to survives the log letting go of older payloads between passes. */
class FanoutLogTest {
  private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
  private final ServerContext server =
      new ServerContext(TransportOptions.DEFAULTS, List.of(), HttpRequestHandler.NOT_FOUND, group);

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private ConnectionImpl activeConnection(String id) {
    // Never called: the connection is only placed and framed here.
    ConnectionHandler ignore = (ConnectionHandler) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ConnectionHandler.class}, (proxy, method, args) -> null);
    ConnectionImpl c = new ConnectionImpl(server, id, id + "-token", 1, false, new TransportApplication("app", ignore),
        new TransportUser(null, Map.of()));
    c.state = ConnectionImpl.State.ACTIVE;
    return c;
  }

  private static Outbound payload(String s) {
    ByteBuf b = Unpooled.copiedBuffer(s, UTF_8);
    return new Outbound(b, 0, b.readableBytes(), TransferFormat.TEXT);
  }

  private static String framed(FanoutLog log, ConnectionImpl c) {
    ByteBuf frames = log.frames(c.logStart, c.logEnd);
    try {
      return frames.toString(2, frames.readableBytes() - 2, UTF_8); // after a 2-byte header
    } finally {
      frames.release();
    }
  }

  @Test
  void aConnectionListedTwiceForTheNextPassKeepsItsRunWhenOlderPayloadsGo() {
    // A connection written mid-pass, given a run, written again for a direct write and given another run is
    // listed twice for the next pass; letting go of the payloads before its run must not move the run twice.
    FanoutLog log = new FanoutLog(TransferFormat.TEXT);
    ConnectionImpl twice = activeConnection("twice");
    ConnectionImpl once = activeConnection("once");
    log.append(payload("a\u001e"));
    Outbound b = payload("b\u001e");
    int ib = log.append(b);
    Outbound c = payload("c\u001e");
    int ic = log.append(c);
    assertThat(twice.placeFanout(log, ic, c)).isTrue();
    assertThat(once.placeFanout(log, ib, b)).isTrue();
    assertThat(once.placeFanout(log, ic, c)).isFalse(); // extends its run
    log.compact(List.of(twice, once, twice));
    assertThat(framed(log, twice)).isEqualTo("c\u001e");
    assertThat(framed(log, once)).isEqualTo("b\u001ec\u001e");
    // Written, the runs end; the log lets go of everything.
    twice.clearLog();
    once.clearLog();
    log.compact(List.of());
    assertThat(b.source().refCnt()).isZero();
    assertThat(c.source().refCnt()).isZero();
  }
}
