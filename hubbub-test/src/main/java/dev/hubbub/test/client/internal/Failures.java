package dev.hubbub.test.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/** Turns what the JDK throws into sentences for test authors. */
public final class Failures {
  private static final Pattern TOKEN = Pattern.compile("(?i)(\"access_?token\"\\s*:\\s*\")[^\"]*\"?");
  private Failures() {}

  /** The cause inside {@link CompletionException}s and {@link ExecutionException}s. */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A short description of an I/O failure, e.g. "connection refused", "timed out". */
  public static String describe(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof HttpConnectTimeoutException) {
      return "connecting timed out";
    }
    if (t instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    if (t instanceof ConnectException) {
      return "connection refused" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
    }
    if (t instanceof IOException && t.getMessage() != null) {
      return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
    return t.toString();
  }

  /** {@code HTTP 404.} or {@code HTTP 404: <start of the body>} ending in one period. */
  public static String answer(int status, byte[] body) {
    String text = bodyStart(body).strip();
    return "HTTP " + status + (text.isEmpty() ? "." : ": " + text + (text.endsWith(".") ? "" : "."));
  }

  /**
   * The start of a response body as text, for error messages (at most 300 characters), with the value of any
   * {@code accessToken} property masked.
   */
  public static String bodyStart(byte[] body) {
    String text = TOKEN.matcher(new String(body, StandardCharsets.UTF_8)).replaceAll("$1****\"");
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
