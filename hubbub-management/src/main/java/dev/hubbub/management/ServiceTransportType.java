package dev.hubbub.management;

/**
 * How a {@link ServiceManager} reaches the service, as the official SDK's {@code ServiceTransportType}.
 * Negotiate is local in both (tokens are signed here) and {@link ServiceManager#isServiceHealthy()} is REST in
 * both.
 */
public enum ServiceTransportType {
  /**
   * One REST call per operation (the default). Nothing stays open; each call reports the service's answer.
   */
  TRANSIENT,
  /**
   * Service-protocol WebSockets of connection type Weak to {@code /server/?hub=}, {@code connectionCount} per
   * hub (1 by default), kept open while a hub context of that hub is: cheaper per operation and ordered. Sends
   * complete once queued on a connected socket; group changes, checks and closes complete on the service's
   * Ack. Works in Serverless mode.
   */
  PERSISTENT
}
