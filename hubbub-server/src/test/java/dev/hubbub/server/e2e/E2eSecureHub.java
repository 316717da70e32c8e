package dev.hubbub.server.e2e;

import dev.hubbub.server.Authorize;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubHttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A hub only authenticated users reach (JWT bearer tokens), for the end-to-end tests of auth and requests. */
@Authorize
public class E2eSecureHub extends Hub {
  public @Nullable String whoAmI() {
    return context().userIdentifier();
  }

  @Authorize(roles = "admin")
  public String admin() {
    return "admin ok";
  }

  /** What the hub sees of the HTTP request that opened the connection. */
  public Map<String, @Nullable String> request() {
    HubHttpRequest r = context().httpRequest();
    Map<String, @Nullable String> m = new LinkedHashMap<>();
    m.put("path", r.path());
    m.put("room", r.queryParam("room"));
    m.put("app", r.header("x-app"));
    m.put("authorization", r.header("authorization"));
    m.put("accessToken", r.queryParam("access_token"));
    m.put("transport", r.transport() == null ? null : r.transport().name());
    return m;
  }
}
