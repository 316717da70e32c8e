package dev.hubbub.test.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Copies what is printed to System.out and System.err (where slf4j-simple logs) while it is open. */
final class OutputCapture implements AutoCloseable {
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  OutputCapture() {
    System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
  }

  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
  }

  private static final class Tee extends java.io.OutputStream {
    private final PrintStream original;
    private final ByteArrayOutputStream copy;

    Tee(PrintStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      original.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      original.write(b, off, len);
      synchronized (copy) {
        copy.write(b, off, len);
      }
    }
  }
}
