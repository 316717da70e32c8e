package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On Netty's epoll transport a WebSocket's writes go to the socket with a {@code send} of their own while nothing
 * waits in the channel's outbound buffer, and through the channel otherwise (what the socket did not take of a
 * write, and every write behind it until the buffer is empty again). Either way the client gets every byte once and
 * in order: here a client on a raw socket with a small receive buffer reads as the server writes, then stops
 * reading while megabytes are written (the socket takes part of a write, then nothing), then reads again; the
 * writes are direct ones and fan-outs, from the test's thread and from the connection's loop. (Where epoll is not
 * available, as on macOS, every write goes through the channel and the test checks only that.)
 */
class StraightWritesTest extends TransportTestBase {
  /** Well beyond what the client's receive buffer and the server's send buffer hold together on loopback. */
  private static final int HELD_BACK = 12_000;
  private static final int SIZE = 1_000;

  /** Message {@code n}: its number, filler to {@code SIZE} bytes, the record separator. */
  private static ByteBuf message(int n) {
    String number = String.format("%08d:", n);
    return Unpooled.copiedBuffer(number + "x".repeat(SIZE - number.length() - 1) + "\u001e", UTF_8);
  }

  /** The records of the server's text frames on a raw socket, control frames skipped. */
  private static final class Records {
    private final InputStream in;
    private final List<String> ready = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    Records(InputStream in) {
      this.in = in;
    }

    String next() throws IOException {
      while (ready.isEmpty()) {
        readFrame();
      }
      return ready.remove(0);
    }

    private void readFrame() throws IOException {
      byte[] head = in.readNBytes(2);
      assertThat(head).as("a frame header before the end of the stream").hasSize(2);
      assertThat(head[1] & 0x80).as("a server's frames are not masked").isZero();
      long length = head[1] & 0x7F;
      if (length == 126) {
        byte[] l = in.readNBytes(2);
        length = ((l[0] & 0xFF) << 8) | (l[1] & 0xFF);
      } else if (length == 127) {
        byte[] l = in.readNBytes(8);
        length = 0;
        for (byte b : l) {
          length = (length << 8) | (b & 0xFF);
        }
      }
      byte[] payload = in.readNBytes((int) length);
      assertThat(payload).as("a whole frame payload").hasSize((int) length);
      int opcode = head[0] & 0x0F;
      if (opcode != 0x1) {
        assertThat(opcode).as("only text and control frames").isGreaterThanOrEqualTo(0x8);
        return;
      }
      assertThat(head[0] & 0x80).as("FIN: the server does not fragment").isNotZero();
      partial.append(new String(payload, UTF_8));
      int end;
      while ((end = partial.indexOf("\u001e")) >= 0) {
        ready.add(partial.substring(0, end));
        partial.delete(0, end + 1);
      }
    }
  }

  private static void expect(Records records, int from, int to) throws IOException {
    for (int n = from; n < to; n++) {
      String r = records.next();
      assertThat(r).as("record %d", n).startsWith(String.format("%08d:", n)).hasSize(SIZE - 1);
    }
  }

  @Test
  void everyByteArrivesOnceAndInOrderWhetherTheSocketTakesAWriteWholeOrNot() throws Exception {
    start(FAST.toBuilder().maxOutboundQueueBytes(64L << 20).build());
    try (Socket s = upgradedSocket(8 * 1024)) {
      assertThat(handler.take()).isEqualTo("connected");
      TransportConnection c = handler.connection(0);
      Records records = new Records(s.getInputStream());

      // The client keeps up: each write finds nothing waiting and goes to the socket at once.
      int n = 0;
      for (; n < 200; n++) {
        if (n % 2 == 0) {
          c.write(message(n));
        } else {
          ByteBuf m = message(n);
          Fanout f = new Fanout();
          f.write(c, m);
          f.dispatch();
          m.release();
        }
        expect(records, n, n + 1);
      }

      // The client stops reading. Fan-outs in one task of the connection's loop: its flush after the task writes
      // them as one buffer of megabytes, of which the socket takes part; the rest waits in the channel. Then direct
      // writes from this thread, which wait behind it.
      int start = n;
      c.eventLoop().submit(() -> {
        for (int i = start; i < start + HELD_BACK / 2; i++) {
          ByteBuf m = message(i);
          Fanout f = new Fanout();
          f.write(c, m);
          f.dispatch();
          m.release();
        }
      }).get();
      for (n = start + HELD_BACK / 2; n < start + HELD_BACK; n++) {
        c.write(message(n));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> c.queuedBytes() > 0);
      expect(records, start, n);
      await().atMost(Duration.ofSeconds(20)).until(() -> c.queuedBytes() == 0);

      // Drained: writes go straight to the socket again.
      for (int end = n + 200; n < end; n++) {
        c.write(message(n));
        expect(records, n, n + 1);
      }
    }
  }
}
