package dev.hubbub.test.client.internal;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.negotiate.NegotiateResponse;
import dev.hubbub.test.client.NegotiateException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST {url}/negotiate?negotiateVersion=1}, following redirects ({@code {"url":..,"accessToken":..}}) as
 * the official clients do: up to {@value #MAX_REDIRECTS} of them, each redirect's token replacing the previous
 * one.
 */
public final class Negotiator {
  /** The official clients give up after this many redirects. */
  public static final int MAX_REDIRECTS = 100;
  private static final int MAX_BODY = 1024 * 1024;

  private Negotiator() {}

  /**
   * Where to connect after negotiation.
   *
   * @param url the hub URL the connection response came from (the last redirect's, or the first)
   * @param accessToken the token for the transport: the last redirect's, or the one negotiation started with
   * @param response the connection response (id, token, transports)
   */
  public record Negotiated(URI url, @Nullable String accessToken, NegotiateResponse response) {
    @Override
    public String toString() {
      return "Negotiated[url=" + Urls.redact(url) + ", accessToken=" + (accessToken == null ? "none" : "****")
          + ", connectionId=" + response.connectionId() + "]";
    }
  }

  /**
   * Negotiates, blocking.
   *
   * @throws NegotiateException naming the URL, the status and the server's answer
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public static Negotiated negotiate(HttpClient http, URI url, @Nullable String accessToken,
      Map<String, String> headers, boolean statefulReconnect, Duration timeout)
      throws NegotiateException, InterruptedException {
    URI current = url;
    String token = accessToken;
    for (int redirects = 0; ; redirects++) {
      NegotiateResponse response = post(http, current, token, headers, statefulReconnect, timeout);
      if (!response.isRedirect()) {
        if (response.connectionId() == null) {
          throw new NegotiateException("The negotiate response from " + where(current, statefulReconnect)
              + " has neither a connectionId nor a url.", 200, null, null);
        }
        if (response.useStatefulReconnect() && !statefulReconnect) {
          throw new NegotiateException("Client didn't negotiate Stateful Reconnect but the server did (at "
              + where(current, statefulReconnect) + ").", 200, null, null);
        }
        return new Negotiated(current, token, response);
      }
      if (redirects + 1 >= MAX_REDIRECTS) {
        throw new NegotiateException("Negotiate redirection limit exceeded: " + MAX_REDIRECTS + " redirects, the "
            + "last to " + Urls.redact(URI.create(response.url())) + ".", 200, null, null);
      }
      try {
        current = URI.create(response.url());
      } catch (IllegalArgumentException e) {
        throw new NegotiateException("The negotiate response from " + where(current, statefulReconnect)
            + " redirects to a URL that cannot be parsed.", 200, null, e);
      }
      if (response.accessToken() != null) {
        token = response.accessToken();
      }
    }
  }

  private static String where(URI hub, boolean stateful) {
    return Urls.redact(Urls.negotiate(hub, stateful));
  }

  private static NegotiateResponse post(HttpClient http, URI hub, @Nullable String token, Map<String, String> headers,
      boolean statefulReconnect, Duration timeout) throws NegotiateException, InterruptedException {
    URI target = Urls.negotiate(hub, statefulReconnect);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), BoundedBody.handler(MAX_BODY, "negotiate response"));
    } catch (IOException e) {
      throw new NegotiateException("Negotiate at " + Urls.redact(target) + " failed: " + Failures.describe(e) + ".",
          0, null, e);
    }
    if (response.statusCode() != 200) {
      throw new NegotiateException("Negotiate at " + Urls.redact(target) + " was answered with "
          + Failures.answer(response.statusCode(), response.body()), response.statusCode(), null, null);
    }
    NegotiateResponse parsed;
    try {
      parsed = NegotiateResponse.parse(response.body());
    } catch (ProtocolException e) {
      throw new NegotiateException("Negotiate at " + Urls.redact(target) + " answered something that is not a "
          + "negotiate response: " + e.getMessage() + " Body: " + Failures.bodyStart(response.body()), 200, null, e);
    }
    if (parsed.isError()) {
      throw new NegotiateException("Negotiate at " + Urls.redact(target) + " was refused: " + parsed.error(),
          200, parsed.error(), null);
    }
    return parsed;
  }
}
