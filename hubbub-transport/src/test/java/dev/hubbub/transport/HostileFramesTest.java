package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * WebSocket frames a hostile client sends on a raw socket: control frames that make the server write while the
 * client never reads, and frames that break RFC 6455. What the server holds for such a client stays bounded: pongs
 * are left out while earlier writes are queued (RFC 6455 lets a pong answer only the most recent ping). A frame
 * that breaks the protocol ends that socket with a close frame naming the fault; other sockets carry on.
 */
class HostileFramesTest extends TransportTestBase {
  /** The pool grows by whole chunks (4 MiB): a few of them, far below what an unbounded queue reaches. */
  private static final long BOUND = 16L * 1024 * 1024;

  /** A masked client frame (zero mask key) with {@code opcode} and a payload of {@code length} bytes, below 126. */
  private static byte[] frame(int opcode, boolean fin, int length) {
    byte[] f = new byte[6 + length];
    f[0] = (byte) ((fin ? 0x80 : 0) | opcode);
    f[1] = (byte) (0x80 | length);
    for (int i = 6; i < f.length; i++) {
      f[i] = 'p';
    }
    return f;
  }

  private static long pooledBytes() {
    ByteBufAllocatorMetric m = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
    return m.usedDirectMemory() + m.usedHeapMemory();
  }

  @Test
  void pingsFromAClientThatNeverReadsDoNotQueuePongsWithoutBound() throws Exception {
    start(FAST.toBuilder().maxOutboundQueueBytes(64 * 1024).build());
    try (Socket s = upgradedSocket(4096)) {
      assertThat(handler.take()).isEqualTo("connected");
      long before = pooledBytes();
      // 400,000 pings of 125 bytes, never reading a pong: 50 MB of pongs if each were answered and kept
      byte[] batch = new byte[1000 * 131];
      byte[] ping = frame(0x9, true, 125);
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
      }
      OutputStream out = s.getOutputStream();
      long growth = 0;
      try {
        for (int i = 0; i < 400; i++) {
          out.write(batch);
          out.flush();
          growth = Math.max(growth, pooledBytes() - before);
        }
        // a ping after the flood: once it is answered or the socket closes, the server has read them all
        out.write(frame(0x9, true, 1));
        out.flush();
      } catch (IOException closedByTheServer) {
        // also bounded: the server gave up on the client
      }
      long grown = growth;
      // whatever the server still had to read of the flood: the bound holds throughout
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
          .until(() -> pooledBytes() - before < BOUND);
      growth = Math.max(grown, pooledBytes() - before);
      assertThat(growth).as("pooled memory held for one client that pings and never reads").isLessThan(BOUND);
    }
  }

  private static long heapAfterGc() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void aMessageInAHundredThousandOneByteFragmentsCostsAboutItsSize() throws Exception {
    start(FAST.toBuilder().transportMaxBufferSize(1024 * 1024).build());
    try (Socket s = upgradedSocket(64 * 1024)) {
      assertThat(handler.take()).isEqualTo("connected");
      long before = heapAfterGc();
      OutputStream out = s.getOutputStream();
      out.write(frame(0x1, false, 1));
      byte[] continuation = frame(0x0, false, 1);
      byte[] batch = new byte[1000 * continuation.length];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(continuation, 0, batch, i * continuation.length, continuation.length);
      }
      for (int i = 0; i < 100; i++) {
        out.write(batch);
      }
      // a ping between fragments (control frames may come between them): its pong says all were read
      out.write(frame(0x9, true, 1));
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(in.readNBytes(3)).containsExactly(0x8A, 0x01, 'p');
      long held = heapAfterGc() - before;
      // 100,001 bytes of message; held as one buffer, not as 100,001 buffers with their objects
      assertThat(held).as("heap held for a message of 100,001 one-byte fragments").isLessThan(8L * 1024 * 1024);
      out.write(frame(0x0, true, 1));
      out.flush();
      assertThat(handler.take()).isEqualTo("data:" + "p".repeat(100_002));
    }
  }

  /** Reads a close frame: {@code close:<status>:<reason>}. */
  private static String closeFrame(InputStream in) throws IOException {
    byte[] head = in.readNBytes(2);
    assertThat(head).hasSize(2);
    assertThat(head[0] & 0xFF).as("FIN and the close opcode").isEqualTo(0x88);
    assertThat(head[1] & 0x80).as("a server's frames are not masked").isZero();
    byte[] body = in.readNBytes(head[1] & 0x7F);
    int status = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    return "close:" + status + ":" + new String(body, 2, body.length - 2, UTF_8);
  }

  /** Reads a close frame, then asserts the server ends the stream. */
  private static String closeFrameThenEnd(InputStream in) throws IOException {
    String close = closeFrame(in);
    assertThat(in.read()).as("the end of the stream after the close frame").isEqualTo(-1);
    return close;
  }

  @Test
  void aFrameThatBreaksTheProtocolEndsItsSocketWithA1002NamingTheFault() throws Exception {
    start(FAST);
    try (Socket bystander = upgradedSocket(64 * 1024); Socket s = upgradedSocket(64 * 1024)) {
      assertThat(handler.take()).isEqualTo("connected");
      assertThat(handler.take()).isEqualTo("connected");
      // An empty text frame without the mask bit (a client's frames must be masked). Only the two bytes the decoder
      // judges by: nothing is left unread when the server closes, which would reset the connection.
      s.getOutputStream().write(new byte[] {(byte) 0x81, 0x00});
      s.getOutputStream().flush();
      assertThat(closeFrameThenEnd(s.getInputStream()))
          .isEqualTo("close:1002:received a frame that is not masked as expected");
      assertThat(handler.take()).isEqualTo("closed:CorruptedWebSocketFrameException");
      // the other socket is untouched: its message arrives and its ping is answered
      OutputStream out = bystander.getOutputStream();
      out.write(frame(0x1, true, 2));
      out.write(frame(0x9, true, 1));
      out.flush();
      assertThat(handler.take()).isEqualTo("data:pp");
      assertThat(bystander.getInputStream().readNBytes(3)).containsExactly(0x8A, 0x01, 'p');
    }
  }

  /**
   * Starts the server, opens a WebSocket and sends {@code bytes} on it; returns the close frame the server answers
   * with, after which the server ends the stream.
   */
  private String closeAfterSending(byte[] bytes) throws Exception {
    start(FAST);
    try (Socket s = upgradedSocket(64 * 1024)) {
      assertThat(handler.take()).isEqualTo("connected");
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      return closeFrameThenEnd(s.getInputStream());
    }
  }

  @Test
  void aContinuationWithNoMessageToContinueEndsItsSocketWithA1002() throws Exception {
    // The head of a final continuation frame, masked, empty: the decoder judges it by these two bytes.
    assertThat(closeAfterSending(new byte[] {(byte) 0x80, (byte) 0x80}))
        .isEqualTo("close:1002:received continuation data frame outside fragmented message");
    assertThat(handler.take()).isEqualTo("closed:CorruptedWebSocketFrameException");
  }

  @Test
  void aClientsCloseIsAnsweredWithItsStatusAndTheSocketEnds() throws Exception {
    // close 4000 with the reason "bye", masked with a zero key
    assertThat(closeAfterSending(new byte[] {(byte) 0x88, (byte) 0x85, 0, 0, 0, 0, 0x0F, (byte) 0xA0, 'b', 'y', 'e'}))
        .isEqualTo("close:4000:");
    assertThat(handler.take()).isEqualTo("closed:");
  }

  @Test
  void aCloseWithAStatusNoEndpointMaySendIsAnsweredWithA1002() throws Exception {
    // close 999 (below the range RFC 6455 allows on the wire), masked with a zero key
    assertThat(closeAfterSending(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE7}))
        .isEqualTo("close:1002:Invalid close frame getStatus code: 999");
    assertThat(handler.take()).isEqualTo("closed:CorruptedWebSocketFrameException");
  }

  @Test
  void aCloseReasonIsCutAtACharacterBoundaryToFitACloseFrame() throws Exception {
    start(FAST);
    try (Socket s = upgradedSocket(64 * 1024)) {
      assertThat(handler.take()).isEqualTo("connected");
      // 62 two-byte characters: 124 bytes; 123 would split the last one, so 61 of them (122 bytes) go
      handler.connection(0).close("\u00e9".repeat(62));
      assertThat(closeFrame(s.getInputStream())).isEqualTo("close:1000:" + "\u00e9".repeat(61));
      s.getOutputStream().write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
      s.getOutputStream().flush();
      assertThat(s.getInputStream().read()).as("the end of the stream once the client answered").isEqualTo(-1);
    }
  }
}
