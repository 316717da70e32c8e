package dev.hubbub.spring.boot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 response read off a raw socket, for tests that write requests by hand (pipelined, or without what a
 * client library would add): its head (status line and headers, each line ending in CRLF) and its Content-Length
 * body (none without that header).
 */
public record RawHttpResponse(String head, String body) {

  /** Reads the next response from {@code in}. */
  public static RawHttpResponse read(DataInputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int length = 0;
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      head.append(line).append("\r\n");
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return new RawHttpResponse(head.toString(), new String(body, StandardCharsets.UTF_8));
  }

  /** The status line, e.g. {@code HTTP/1.1 200 OK}. */
  public String status() {
    int end = head.indexOf("\r\n");
    return end < 0 ? head : head.substring(0, end);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the server closed the socket within a response head, after: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
