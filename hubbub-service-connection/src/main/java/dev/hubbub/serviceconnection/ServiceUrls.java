package dev.hubbub.serviceconnection;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The service's WebSocket URL for app servers and the management SDK. */
public final class ServiceUrls {
  private ServiceUrls() {}

  /**
   * {@code ws(s)://{ServerEndpoint}/server/?hub={hub}&cid={guid}}, a new {@code cid} each call (one per dial,
   * as the SDK does); {@code http} becomes {@code ws} and {@code https} {@code wss}.
   */
  public static URI server(URI serverEndpoint, String hubName) {
    String base = serverEndpoint.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String ws = base.regionMatches(true, 0, "https", 0, 5) ? "wss" + base.substring(5) : "ws" + base.substring(4);
    return URI.create(ws + "/server/?hub=" + URLEncoder.encode(hubName, StandardCharsets.UTF_8) + "&cid="
        + UUID.randomUUID());
  }
}
