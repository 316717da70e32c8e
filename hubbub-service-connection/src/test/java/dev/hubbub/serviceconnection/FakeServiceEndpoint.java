package dev.hubbub.serviceconnection;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.ServiceMessageReader;
import dev.hubbub.protocol.service.ServiceProtocol;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for the service's {@code /server} WebSocket endpoint on a loopback port, written on plain
 * sockets so it can misbehave: it answers the HandshakeRequest with success (unless told not to), records
 * every service message it receives, and lets a test send messages, raw bytes, or drop the socket.
 */
public final class FakeServiceEndpoint implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final Thread acceptor;
  private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
  private final List<Conn> all = new CopyOnWriteArrayList<>();
  private volatile boolean answerHandshake = true;

  /** One accepted WebSocket. */
  public static final class Conn {
    private final Socket socket;
    private final OutputStream out;
    /** The request line's target, e.g. {@code /server/?hub=chat&cid=...}. */
    public final String target;
    /** Request headers, names lower-cased. */
    public final Map<String, String> headers;
    private final BlockingQueue<ServiceMessage> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closeFrameReceived;
    private volatile boolean reading = true;
    /** The largest binary frame payload the client sent, and how many binary frames it sent. */
    private volatile int largestFrame;
    private volatile int largestBatch;
    private volatile int binaryFrames;

    Conn(Socket socket, String target, Map<String, String> headers) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.target = target;
      this.headers = headers;
    }

    /** The next service message from the client, failing after {@code timeout}. */
    public ServiceMessage take(Duration timeout) throws InterruptedException {
      ServiceMessage m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError("no service message within " + timeout);
      }
      return m;
    }

    /** The next message of {@code type}, skipping others (keep-alive pings), failing after {@code timeout}. */
    public <T extends ServiceMessage> T take(Class<T> type, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (true) {
        ServiceMessage m = inbox.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (m == null) {
          throw new AssertionError("no " + type.getSimpleName() + " within " + timeout);
        }
        if (type.isInstance(m)) {
          return type.cast(m);
        }
      }
    }

    /** Sends one service message in one binary frame. */
    public void send(ServiceMessage message) throws IOException {
      sendBinary(ServiceProtocol.write(message));
    }

    /** Sends {@code payload} as one binary frame, whatever it holds. */
    public synchronized void sendBinary(byte[] payload) throws IOException {
      frame(0x2, payload);
    }

    private synchronized void frame(int opcode, byte[] payload) throws IOException {
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write(0x80 | opcode);
      if (payload.length < 126) {
        f.write(payload.length);
      } else if (payload.length < 65536) {
        f.write(126);
        f.write(payload.length >>> 8);
        f.write(payload.length & 0xFF);
      } else {
        f.write(127);
        for (int i = 7; i >= 0; i--) {
          f.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
        }
      }
      f.write(payload);
      try {
        out.write(f.toByteArray());
        out.flush();
      } catch (java.net.SocketException peerClosed) {
        // The client dropped the connection first (bad input does that): what matters is how it reacted,
        // which the test checks on the client's side, not that these bytes were written.
      }
    }

    /** Drops the TCP connection without a close frame, with a reset (as a crashed or restarted service). */
    public void drop() throws IOException {
      try {
        socket.setSoLinger(true, 0);
      } catch (java.net.SocketException alreadyClosed) {
        // the reader closed it first
      }
      socket.close();
    }

    /** Waits until the socket ended; true when the client sent a close frame first. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
      if (!closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the connection did not close within " + timeout);
      }
      return closeFrameReceived;
    }

    /** Whether the socket has ended. */
    public boolean isClosed() {
      return closed.getCount() == 0;
    }

    /** Stops reading the socket: what the client sends piles up in the socket buffers, then in its own queue. */
    public void stopReading() {
      reading = false;
    }

    /** Reads again after {@link #stopReading()}. */
    public void resumeReading() {
      reading = true;
    }

    /** The largest binary frame payload received so far, in bytes. */
    public int largestFrame() {
      return largestFrame;
    }

    /** The largest binary frame payload so far that carried more than one message, in bytes. */
    public int largestBatch() {
      return largestBatch;
    }

    /** Binary frames received so far. */
    public int binaryFrames() {
      return binaryFrames;
    }

    void read(FakeServiceEndpoint endpoint) {
      // Reads what a test sends, however big (a connection's own limit is not this fake's business).
      ServiceMessageReader reader = new ServiceMessageReader(64 << 20);
      try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
        while (true) {
          while (!reading) {
            Thread.sleep(5);
          }
          int b0 = in.readUnsignedByte();
          int b1 = in.readUnsignedByte();
          long len = b1 & 0x7F;
          if (len == 126) {
            len = in.readUnsignedShort();
          } else if (len == 127) {
            len = in.readLong();
          }
          byte[] mask = new byte[4];
          if ((b1 & 0x80) != 0) {
            in.readFully(mask);
          }
          byte[] data = new byte[(int) len];
          in.readFully(data);
          for (int i = 0; i < data.length; i++) {
            data[i] ^= mask[i % 4];
          }
          int opcode = b0 & 0x0F;
          if (opcode == 0x8) {
            closeFrameReceived = true;
            frame(0x8, new byte[] {0x03, (byte) 0xE8});
            break;
          } else if (opcode == 0x9) {
            frame(0xA, data);
          } else if (opcode == 0x2 || opcode == 0x0) {
            largestFrame = Math.max(largestFrame, data.length);
            binaryFrames++;
            int[] messages = {0};
            reader.read(ByteBuffer.wrap(data), m -> {
              messages[0]++;
              if (m instanceof HandshakeRequestMessage && endpoint.answerHandshake) {
                try {
                  send(new HandshakeResponseMessage("", MessageExtensions.NONE, "fake-" + System.nanoTime()));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
              inbox.add(m);
            });
            if (messages[0] > 1) {
              largestBatch = Math.max(largestBatch, data.length);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | ProtocolException | RuntimeException e) {
        // the peer went away or sent something this fake does not read: the connection ends
      } finally {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing
        }
        closed.countDown();
      }
    }
  }

  /** Listens on a free loopback port. */
  public FakeServiceEndpoint() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "fake-service-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code http://127.0.0.1:<port>}, for a connection string's {@code Endpoint}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** A connection string for this endpoint with the emulator's key. */
  public String connectionString() {
    return "Endpoint=" + endpoint() + ";AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;";
  }

  /** Whether new connections get a successful HandshakeResponse (default true). */
  public void answerHandshake(boolean answer) {
    this.answerHandshake = answer;
  }

  /** The next accepted WebSocket, failing after {@code timeout}. */
  public Conn take(Duration timeout) throws InterruptedException {
    Conn c = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("no WebSocket was opened within " + timeout);
    }
    return c;
  }

  /** Every WebSocket accepted so far. */
  public List<Conn> connections() {
    return List.copyOf(all);
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> serve(s), "fake-service-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try {
      InputStream in = s.getInputStream();
      String request = readHead(in);
      String[] lines = request.split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((headers.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.US_ASCII)));
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Conn c = new Conn(s, lines[0].split(" ")[1], headers);
      all.add(c);
      accepted.add(c);
      c.read(this);
    } catch (Exception e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request ended before its headers did");
      }
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
          : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Conn c : all) {
      c.drop();
    }
  }
}
