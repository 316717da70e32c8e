package dev.hubbub.test.client.internal;

import dev.hubbub.test.client.HubTestClientOptions;
import dev.hubbub.test.client.TransportType;
import java.net.URI;
import java.net.http.HttpClient;
import org.jspecify.annotations.Nullable;

/** Makes the transport of a type with the limits and timeouts of the client's options. */
public final class Transports {
  private Transports() {}

  /**
   * A transport to {@code url} (the connection URL, with its {@code id}).
   *
   * @param binary whether the hub protocol is binary (MessagePack)
   */
  public static Transport create(TransportType type, HttpClient http, URI url, @Nullable String accessToken,
      HubTestClientOptions options, boolean binary, TransportListener listener) {
    return switch (type) {
      case WEB_SOCKETS -> new WebSocketTransport(http, url, options.headers(), accessToken, options.connectTimeout(),
          options.maxFrameSize(), listener);
      case SERVER_SENT_EVENTS -> new ServerSentEventsTransport(http, url, options.headers(), accessToken,
          options.connectTimeout(), options.httpTimeout(), options.maxFrameSize(), listener);
      case LONG_POLLING -> new LongPollingTransport(http, url, options.headers(), accessToken,
          options.connectTimeout(), options.pollTimeout(), options.httpTimeout(), options.maxFrameSize(), binary,
          listener);
    };
  }
}
