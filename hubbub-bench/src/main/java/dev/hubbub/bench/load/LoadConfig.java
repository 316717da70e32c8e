package dev.hubbub.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One load run, immutable. Start from {@link #DEFAULTS} and change what the run needs with
 * {@link #toBuilder()}.
 *
 * @param endpoint the base URL ({@code http://host:port}) of the service, or of the hub server with target self
 * @param hub the hub every client joins and every send targets
 * @param connections WebSocket clients to open
 * @param connectRate connections opened per second while ramping
 * @param maxPendingConnects connections allowed between connect and handshake reply at once
 * @param scenario what the REST sender or the invoking clients do
 * @param target where the clients connect (self only for the scenarios that invoke a hub)
 * @param rate REST sends or hub invocations per second in all (open loop: paced by a schedule, not by replies)
 * @param warmup sending time before the measured window
 * @param duration the measured window
 * @param drain how long to wait after the last send for deliveries still in flight
 * @param payloadBytes size of the padding argument that follows the timestamp in each message
 * @param protocol hub protocol of the clients, {@code json} or {@code messagepack}
 * @param groupSize members per group in the group scenario
 * @param restConnections keep-alive HTTP/1.1 connections the REST sender uses (one request in flight each)
 * @param senders clients that invoke {@code broadcast} in the hub-broadcast scenario
 * @param serverPid the process the clients connect to (service or self-hosted hub server), to read its RSS and CPU
 *     time; 0 when unknown
 * @param hubServerPid the hub server behind the service (target service), read like {@code serverPid}; 0 for none
 * @param accessKey the key tokens are signed with
 * @param idleSettle the longest the idle scenario waits for the server's RSS to settle
 * @param idleHold the least time the idle scenario holds its connections once open (to inspect the server)
 * @param ioThreads event loops of the generator; 0 for one per available core
 * @param extraPorts ports of more servers on the same host that share a backplane (hub servers on Redis, or
 *     service nodes on Redis): client {@code i} connects to port {@code i % (1 + n)} of {@code endpoint}'s port
 *     followed by these; empty for one server
 */
public record LoadConfig(
    URI endpoint,
    String hub,
    int connections,
    int connectRate,
    int maxPendingConnects,
    Scenario scenario,
    Target target,
    int rate,
    Duration warmup,
    Duration duration,
    Duration drain,
    int payloadBytes,
    String protocol,
    int groupSize,
    int restConnections,
    int senders,
    long serverPid,
    long hubServerPid,
    String accessKey,
    Duration idleSettle,
    Duration idleHold,
    int ioThreads,
    java.util.List<Integer> extraPorts) {

  /** The emulator's access key. */
  public static final String EMULATOR_ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

  public static final LoadConfig DEFAULTS = new LoadConfig(URI.create("http://localhost:8888"), "bench", 1000, 2000,
      500, Scenario.BROADCAST, Target.SERVICE, 10, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(10), 32,
      "json", 10, 32, 4, 0, 0, EMULATOR_ACCESS_KEY, Duration.ofSeconds(30), Duration.ZERO, 0, java.util.List.of());

  public LoadConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(target, "target");
    if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("The endpoint must be http://host:port, not '" + endpoint + "'.");
    }
    positive("connections", connections);
    positive("connect-rate", connectRate);
    positive("max pending connects", maxPendingConnects);
    positive("rate", rate);
    positive("group-size", groupSize);
    positive("rest-connections", restConnections);
    positive("senders", senders);
    if (target == Target.SELF && !scenario.invokesHub()) {
      throw new IllegalArgumentException("Scenario " + scenario.id() + " sends through the service's REST API: use "
          + "--target service, or a scenario that invokes the hub (echo, hub-broadcast) with --target self.");
    }
    if (scenario == Scenario.HUB_BROADCAST && senders > connections) {
      throw new IllegalArgumentException("senders " + senders + " is larger than connections " + connections
          + ": lower --senders or raise --connections.");
    }
    if (payloadBytes < 0) {
      throw new IllegalArgumentException("payload-bytes must be 0 or more, not " + payloadBytes + ".");
    }
    if (!protocol.equals("json") && !protocol.equals("messagepack")) {
      throw new IllegalArgumentException("Unknown protocol '" + protocol + "': use json or messagepack.");
    }
    if (scenario == Scenario.GROUP && groupSize > connections) {
      throw new IllegalArgumentException("group-size " + groupSize + " is larger than connections " + connections
          + ": lower --group-size or raise --connections.");
    }
    if (duration.isNegative() || duration.isZero() || warmup.isNegative() || drain.isNegative()) {
      throw new IllegalArgumentException("duration must be positive and warmup/drain not negative.");
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, not " + value + ".");
    }
  }

  public int port() {
    return endpoint.getPort() > 0 ? endpoint.getPort() : 80;
  }

  public String host() {
    return endpoint.getHost();
  }

  /** Groups of exactly {@link #groupSize} members (connections past the last full group join none). */
  public int groups() {
    return connections / groupSize;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "LoadConfig[endpoint=" + endpoint + ", hub=" + hub + ", connections=" + connections + ", connectRate="
        + connectRate + ", maxPendingConnects=" + maxPendingConnects + ", scenario=" + scenario.id() + ", target=" + target.id() + ", rate="
        + rate + ", warmup=" + warmup + ", duration=" + duration + ", drain=" + drain + ", payloadBytes="
        + payloadBytes + ", protocol=" + protocol + ", groupSize=" + groupSize + ", restConnections="
        + restConnections + ", senders=" + senders + ", serverPid=" + serverPid + ", hubServerPid=" + hubServerPid
        + ", accessKey=***, idleSettle=" + idleSettle
        + ", idleHold=" + idleHold + ", ioThreads=" + ioThreads + ", extraPorts=" + extraPorts + "]";
  }

  /** Builder of {@link LoadConfig}. */
  public static final class Builder {
    private URI endpoint;
    private String hub;
    private int connections;
    private int connectRate;
    private int maxPendingConnects;
    private Scenario scenario;
    private Target target;
    private int rate;
    private Duration warmup;
    private Duration duration;
    private Duration drain;
    private int payloadBytes;
    private String protocol;
    private int groupSize;
    private int restConnections;
    private int senders;
    private long serverPid;
    private long hubServerPid;
    private String accessKey;
    private Duration idleSettle;
    private Duration idleHold;
    private int ioThreads;
    private java.util.List<Integer> extraPorts = java.util.List.of();

    private Builder(LoadConfig c) {
      endpoint = c.endpoint;
      hub = c.hub;
      connections = c.connections;
      connectRate = c.connectRate;
      maxPendingConnects = c.maxPendingConnects;
      scenario = c.scenario;
      target = c.target;
      rate = c.rate;
      warmup = c.warmup;
      duration = c.duration;
      drain = c.drain;
      payloadBytes = c.payloadBytes;
      protocol = c.protocol;
      groupSize = c.groupSize;
      restConnections = c.restConnections;
      senders = c.senders;
      serverPid = c.serverPid;
      hubServerPid = c.hubServerPid;
      accessKey = c.accessKey;
      idleSettle = c.idleSettle;
      idleHold = c.idleHold;
      ioThreads = c.ioThreads;
      extraPorts = c.extraPorts;
    }

    public Builder endpoint(URI v) { endpoint = v; return this; }
    public Builder hub(String v) { hub = v; return this; }
    public Builder connections(int v) { connections = v; return this; }
    public Builder connectRate(int v) { connectRate = v; return this; }
    public Builder maxPendingConnects(int v) { maxPendingConnects = v; return this; }
    public Builder scenario(Scenario v) { scenario = v; return this; }
    public Builder target(Target v) { target = v; return this; }
    public Builder rate(int v) { rate = v; return this; }
    public Builder warmup(Duration v) { warmup = v; return this; }
    public Builder duration(Duration v) { duration = v; return this; }
    public Builder drain(Duration v) { drain = v; return this; }
    public Builder payloadBytes(int v) { payloadBytes = v; return this; }
    public Builder protocol(String v) { protocol = v; return this; }
    public Builder groupSize(int v) { groupSize = v; return this; }
    public Builder restConnections(int v) { restConnections = v; return this; }
    public Builder senders(int v) { senders = v; return this; }
    public Builder serverPid(long v) { serverPid = v; return this; }
    public Builder hubServerPid(long v) { hubServerPid = v; return this; }
    public Builder accessKey(String v) { accessKey = v; return this; }
    public Builder idleSettle(Duration v) { idleSettle = v; return this; }
    public Builder idleHold(Duration v) { idleHold = v; return this; }
    public Builder ioThreads(int v) { ioThreads = v; return this; }
    public Builder extraPorts(java.util.List<Integer> v) { extraPorts = java.util.List.copyOf(v); return this; }

    public LoadConfig build() {
      return new LoadConfig(endpoint, hub, connections, connectRate, maxPendingConnects, scenario, target, rate,
          warmup, duration, drain, payloadBytes, protocol, groupSize, restConnections, senders, serverPid,
          hubServerPid, accessKey, idleSettle, idleHold, ioThreads, extraPorts);
    }
  }
}
