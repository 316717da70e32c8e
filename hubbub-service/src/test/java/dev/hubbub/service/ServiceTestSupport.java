package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** A service on a free loopback port per test, raw clients that are closed after it, and a REST caller. */
abstract class ServiceTestSupport {
  static final char RS = RawSignalRClient.RS;

  HubbubService service;
  RestTestClient rest;
  private final List<RawSignalRClient> clients = new ArrayList<>();

  /** Starts the service on port 0 with {@code options}' other settings. */
  HubbubService start(ServiceOptions.Builder options) throws Exception {
    service = HubbubService.start(options.port(0).build());
    rest = new RestTestClient(service);
    return service;
  }

  HubbubService start() throws Exception {
    return start(ServiceOptions.builder());
  }

  RawSignalRClient json(String hub) throws Exception {
    return json(hub, null);
  }

  RawSignalRClient json(String hub, @Nullable String user) throws Exception {
    return track(RawSignalRClient.connect(service, hub, user, "json"));
  }

  RawSignalRClient messagePack(String hub, @Nullable String user) throws Exception {
    return track(RawSignalRClient.connect(service, hub, user, "messagepack"));
  }

  /** Negotiated and connected, no handshake sent. */
  RawSignalRClient opened(String hub, boolean stateful) throws Exception {
    return track(RawSignalRClient.open(service, hub, null, stateful));
  }

  RawSignalRClient track(RawSignalRClient client) {
    clients.add(client);
    return client;
  }

  /** Broadcasts {@code {"target":target,"arguments":arguments}} and expects 202. */
  void broadcast(String hub, String target, String arguments) throws Exception {
    HttpResponse<String> response = rest.post("/api/hubs/" + hub + "/:send?api-version=2022-06-01",
        "{\"target\":\"" + target + "\",\"arguments\":" + arguments + "}");
    assertThat(response.statusCode()).as("broadcast: %s", response.body()).isEqualTo(202);
  }

  /** Proves that a connection still works: a broadcast reaches it, byte for byte. */
  void assertStillReceives(RawSignalRClient client) throws Exception {
    broadcast(client.hub, "alive", "[1]");
    assertThat(client.nextText()).isEqualTo("{\"type\":1,\"target\":\"alive\",\"arguments\":[1]}" + RS);
  }

  @AfterEach
  void stopService() {
    for (RawSignalRClient c : clients) {
      c.close();
    }
    if (service != null) {
      service.close();
    }
  }
}
