package dev.hubbub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportUser;
import io.netty.channel.DefaultEventLoopGroup;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When the next flush pass may start: at once after short passes, after a pause as long as a busy one; and the
 * reuse of fan-out target arrays.
 */
class LoopFlusherTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void aShortPassIsFollowedAtOnce() {
    assertThat(LoopFlusher.notBefore(1_000 * MS, MS / 2, 20 * MS)).isEqualTo(1_000 * MS);
  }

  @Test
  void aBusyPassIsFollowedByAPauseAsLongAsItTookUpToTheMaximum() {
    assertThat(LoopFlusher.notBefore(1_000 * MS, 5 * MS, 20 * MS)).isEqualTo(1_005 * MS);
    assertThat(LoopFlusher.notBefore(1_000 * MS, 50 * MS, 20 * MS)).isEqualTo(1_020 * MS);
  }

  @Test
  void noDelayMeansNoPause() {
    assertThat(LoopFlusher.notBefore(1_000 * MS, 50 * MS, 0)).isEqualTo(1_000 * MS);
  }

  /**
   * Fan-out batches take their target arrays from the loop's spares and give them back emptied, so a broadcast to
   * thousands of connections does not grow a fresh array each time; at most {@code SPARE_TARGET_ARRAYS} are kept.
   */
  @Test
  void targetArraysAreReusedEmptiedAndAtMostAFewAreKept() {
    DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
    try {
      ServerContext server = new ServerContext(TransportOptions.DEFAULTS, List.of(), HttpRequestHandler.NOT_FOUND,
          group);
      ConnectionHandler ignore = (ConnectionHandler) java.lang.reflect.Proxy.newProxyInstance(
          getClass().getClassLoader(), new Class<?>[] {ConnectionHandler.class}, (proxy, method, args) -> null);
      ConnectionImpl c = new ConnectionImpl(server, "id", "token", 1, false, new TransportApplication("app", ignore),
          new TransportUser(null, Map.of()));
      LoopFlusher flusher = new LoopFlusher(group.next(), 0);

      assertThat(flusher.targetArray()).hasSize(16);
      ConnectionImpl[] big = new ConnectionImpl[16_384];
      Arrays.fill(big, 0, 10_000, c);
      flusher.recycle(big, 10_000);
      ConnectionImpl[] again = flusher.targetArray();
      assertThat(again).isSameAs(big).containsOnlyNulls();
      assertThat(flusher.targetArray()).as("no spare left: a new one").isNotSameAs(big).hasSize(16);

      for (int i = 0; i < LoopFlusher.SPARE_TARGET_ARRAYS + 2; i++) {
        flusher.recycle(new ConnectionImpl[32], 0);
      }
      int kept = 0;
      while (flusher.targetArray().length == 32) {
        kept++;
      }
      assertThat(kept).isEqualTo(LoopFlusher.SPARE_TARGET_ARRAYS);
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
