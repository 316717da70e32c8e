package dev.hubbub.apphost.internal.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a Redis server {@code AUTH <password>} then {@code PING} over RESP, on a socket of its own: the app host's
 * health check of a Redis resource, with no client library. Error messages never hold the password.
 */
public final class RedisPing {

    private RedisPing() {
    }

    /**
     * @param host host name or address
     * @param port port
     * @param password the password, sent with {@code AUTH}
     * @param timeout connect and read timeout
     * @return the reply to PING, {@code PONG} from a healthy server
     * @throws IOException if the server cannot be reached, or refuses AUTH or PING (the message carries Redis's error)
     */
    public static String ping(String host, int port, String password, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(command("AUTH", password));
            out.write(command("PING"));
            out.flush();
            InputStream in = socket.getInputStream();
            String auth = readLine(in);
            if (!auth.equals("+OK")) {
                throw new IOException("Redis at " + host + ":" + port + " refused AUTH: " + auth);
            }
            String pong = readLine(in);
            if (!pong.startsWith("+")) {
                throw new IOException("Redis at " + host + ":" + port + " answered PING with " + pong);
            }
            return pong.substring(1);
        }
    }

    /** A RESP array of bulk strings. */
    static byte[] command(String... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + parts.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    /** One simple-string or error reply line, without its CRLF; at most 512 bytes are read. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (line.size() < 512) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("Redis closed the connection" + (line.size() == 0 ? "" : " after '"
                        + line.toString(StandardCharsets.UTF_8) + "'"));
            }
            if (prev == '\r' && c == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(c);
            prev = c;
        }
        throw new IOException("Redis sent a reply line longer than 512 bytes");
    }
}
