package dev.hubbub.protocol.auth;

import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code aud} values the SDKs put in tokens. Audiences are built from {@code scheme://host/} and never
 * carry a port, even when the URL the token is sent to does; hub names are lower-cased and prefixed with
 * the lower-cased application name as {@code app_hub}.
 */
public final class Audiences {
  private Audiences() {}

  /** The service-side hub name: {@code hub}, or {@code app_hub} when an application name is set, lower-cased. */
  public static String hubName(@Nullable String application, String hub) {
    String lower = hub.toLowerCase(Locale.ROOT);
    return application == null || application.isEmpty() ? lower
        : application.toLowerCase(Locale.ROOT) + "_" + lower;
  }

  /** The audience of client tokens: {@code {scheme}://{host}/client/?hub={hub}}. */
  public static String client(ConnectionString connection, @Nullable String application, String hub) {
    return client(connection.audienceBase(), hubName(application, hub));
  }

  /** The audience of client tokens for an already prefixed, lower-cased hub on {@code audienceBase}. */
  public static String client(URI audienceBase, String hub) {
    return base(audienceBase) + "client/?hub=" + hub;
  }

  /** The audience of server-connection tokens: {@code {scheme}://{host}/server/?hub={hub}}. */
  public static String server(ConnectionString connection, @Nullable String application, String hub) {
    return server(connection.audienceBase(), hubName(application, hub));
  }

  /** The audience of server-connection tokens for an already prefixed, lower-cased hub on {@code audienceBase}. */
  public static String server(URI audienceBase, String hub) {
    return base(audienceBase) + "server/?hub=" + hub;
  }

  /**
   * The audience of a REST call: the request URL without port, query or fragment, e.g.
   * {@code https://x.service.signalr.net/api/v1/hubs/myhub} (the documented form).
   */
  public static String rest(URI requestUrl) {
    try {
      return new URI(requestUrl.getScheme(), null, requestUrl.getHost(), -1, requestUrl.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not an absolute URL: " + requestUrl, e);
    }
  }

  private static String base(URI audienceBase) {
    String s = audienceBase.toString();
    return s.endsWith("/") ? s : s + "/";
  }
}
