package dev.hubbub.management.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable HTTP/1.1 server on a loopback port over plain sockets, one thread per connection, so tests can
 * answer with anything (garbage, nothing, a close) and count connections.
 */
final class RawHttpServer implements AutoCloseable {
  /** One request as read. */
  record Request(String method, String target, Map<String, String> headers, byte[] body, int connection,
      int indexOnConnection) {
    @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Answers one request on the connection's output; returns false to close the connection afterwards. */
  interface Responder {
    boolean respond(Request request, OutputStream out) throws Exception;
  }

  /** Answers 200 with {@code body}, keeping the connection. */
  static boolean ok(OutputStream out, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
    return true;
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger open = new AtomicInteger();
  final AtomicInteger maxOpen = new AtomicInteger();
  private volatile Responder responder = (r, out) -> ok(out, "ok");

  RawHttpServer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    acceptor = new Thread(this::accept, "raw-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  void respond(Responder responder) {
    this.responder = responder;
  }

  int port() {
    return server.getLocalPort();
  }

  java.net.URI uri() {
    return java.net.URI.create("http://127.0.0.1:" + port());
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        int id = accepted.incrementAndGet();
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        sockets.add(s);
        Thread t = new Thread(() -> serve(s, id), "raw-http-" + id);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int id) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (int n = 0; ; n++) {
        String line = readLine(in);
        if (line == null) {
          return;
        }
        String[] parts = line.split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = readLine(in)) != null && !h.isEmpty()) {
          int colon = h.indexOf(':');
          headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
        byte[] body = in.readNBytes(length);
        Request r = new Request(parts[0], parts[1], headers, body, id, n);
        requests.add(r);
        if (!responder.respond(r, out)) {
          return;
        }
      }
    } catch (Exception e) {
      // the client went away
    } finally {
      sockets.remove(s);
      open.decrementAndGet();
    }
  }

  private static @Nullable String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
