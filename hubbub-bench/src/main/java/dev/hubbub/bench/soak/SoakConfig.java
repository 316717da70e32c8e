package dev.hubbub.bench.soak;

import dev.hubbub.bench.load.LoadConfig;
import dev.hubbub.bench.load.Target;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one soak.
 *
 * @param endpoint base URL of the service, or of the hub server with {@link Target#SELF}
 * @param target which product the clients connect to
 * @param hub hub name ({@code bench}: the bench hub, self-hosted or behind the service)
 * @param connections clients held open, churn included
 * @param invokers clients among them that send hub invocations; never churned, so their sends stay checkable
 * @param restSenders REST senders against the service (one request in flight each); 0 with {@link Target#SELF}
 * @param rate sends per second in all, REST and invocations, open loop
 * @param churn clients closed and replaced per second
 * @param groups groups the clients are spread over
 * @param duration how long to send
 * @param interval time between two report lines
 * @param lossTimeout how long a message may take before it counts as lost
 * @param connectRate clients opened per second while ramping up
 * @param serverPid process the clients connect to, sampled for RSS, fds and (with {@code jcmd}) heap and GC; 0: none
 * @param hubServerPid the hub server behind the service, sampled alike; 0: none
 * @param jcmd read heap and GC figures with {@code jcmd PerfCounter.print}
 * @param accessKey key the service's tokens are signed with
 * @param ioThreads the clients' event loops
 */
public record SoakConfig(
    URI endpoint,
    Target target,
    String hub,
    int connections,
    int invokers,
    int restSenders,
    int rate,
    double churn,
    int groups,
    Duration duration,
    Duration interval,
    Duration lossTimeout,
    int connectRate,
    long serverPid,
    long hubServerPid,
    boolean jcmd,
    String accessKey,
    int ioThreads) {

  public static final SoakConfig DEFAULTS = new SoakConfig(URI.create("http://localhost:8888"), Target.SERVICE,
      "bench", 1000, 8, 4, 100, 5, 50, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(10), 200,
      0, 0, true, LoadConfig.EMULATOR_ACCESS_KEY, 2);

  public SoakConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(target, "target");
    if (connections < 2 || invokers < 1 || invokers >= connections) {
      throw new IllegalArgumentException("connections " + connections + " and invokers " + invokers
          + ": need at least one invoker and fewer invokers than connections");
    }
    if (rate < 1 || churn < 0 || groups < 1 || restSenders < 0 || connectRate < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("rate " + rate + ", churn " + churn + ", groups " + groups
          + ", restSenders " + restSenders + ", connectRate " + connectRate + ", ioThreads " + ioThreads
          + ": rate, groups, connectRate and ioThreads must be positive, churn and restSenders not negative");
    }
  }

  /** REST sends apply to the service only. */
  int effectiveRestSenders() {
    return target == Target.SERVICE ? restSenders : 0;
  }

  /** Every field, the access key masked. */
  @Override
  public String toString() {
    return "SoakConfig[endpoint=" + endpoint + ", target=" + target + ", hub=" + hub + ", connections=" + connections
        + ", invokers=" + invokers + ", restSenders=" + restSenders + ", rate=" + rate + ", churn=" + churn
        + ", groups=" + groups + ", duration=" + duration + ", interval=" + interval + ", lossTimeout=" + lossTimeout
        + ", connectRate=" + connectRate + ", serverPid=" + serverPid + ", hubServerPid=" + hubServerPid
        + ", jcmd=" + jcmd + ", accessKey=***, ioThreads=" + ioThreads + "]";
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link SoakConfig} starting from another. */
  public static final class Builder {
    private URI endpoint;
    private Target target;
    private String hub;
    private int connections;
    private int invokers;
    private int restSenders;
    private int rate;
    private double churn;
    private int groups;
    private Duration duration;
    private Duration interval;
    private Duration lossTimeout;
    private int connectRate;
    private long serverPid;
    private long hubServerPid;
    private boolean jcmd;
    private String accessKey;
    private int ioThreads;

    private Builder(SoakConfig c) {
      endpoint = c.endpoint;
      target = c.target;
      hub = c.hub;
      connections = c.connections;
      invokers = c.invokers;
      restSenders = c.restSenders;
      rate = c.rate;
      churn = c.churn;
      groups = c.groups;
      duration = c.duration;
      interval = c.interval;
      lossTimeout = c.lossTimeout;
      connectRate = c.connectRate;
      serverPid = c.serverPid;
      hubServerPid = c.hubServerPid;
      jcmd = c.jcmd;
      accessKey = c.accessKey;
      ioThreads = c.ioThreads;
    }

    public Builder endpoint(URI v) { endpoint = v; return this; }
    public Builder target(Target v) { target = v; return this; }
    public Builder hub(String v) { hub = v; return this; }
    public Builder connections(int v) { connections = v; return this; }
    public Builder invokers(int v) { invokers = v; return this; }
    public Builder restSenders(int v) { restSenders = v; return this; }
    public Builder rate(int v) { rate = v; return this; }
    public Builder churn(double v) { churn = v; return this; }
    public Builder groups(int v) { groups = v; return this; }
    public Builder duration(Duration v) { duration = v; return this; }
    public Builder interval(Duration v) { interval = v; return this; }
    public Builder lossTimeout(Duration v) { lossTimeout = v; return this; }
    public Builder connectRate(int v) { connectRate = v; return this; }
    public Builder serverPid(long v) { serverPid = v; return this; }
    public Builder hubServerPid(long v) { hubServerPid = v; return this; }
    public Builder jcmd(boolean v) { jcmd = v; return this; }
    public Builder accessKey(String v) { accessKey = v; return this; }
    public Builder ioThreads(int v) { ioThreads = v; return this; }

    public SoakConfig build() {
      return new SoakConfig(endpoint, target, hub, connections, invokers, restSenders, rate, churn, groups, duration,
          interval, lossTimeout, connectRate, serverPid, hubServerPid, jcmd, accessKey, ioThreads);
    }
  }
}
