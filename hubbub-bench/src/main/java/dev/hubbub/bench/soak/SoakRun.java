package dev.hubbub.bench.soak;

import dev.hubbub.bench.hub.BenchHub;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One soak: holds {@link SoakConfig#connections()} clients open with a steady churn, sends a mix of broadcasts,
 * group, user, connection and caller sends (REST and hub invocations against the service; invocations of the
 * bench hub against the self-hosted hub server), and checks every delivery with a {@link SessionLedger} per
 * connection. Prints one JSON line per interval and a summary line.
 *
 * <p>Churn is counted honestly: a client chosen to leave first stops being expected for new sends, then waits
 * until everything expected has arrived (or the loss timeout passed: lost) before it closes; a new client is
 * expected only for sends made after its handshake and its group join were confirmed.
 */
public final class SoakRun implements SoakClient.Listener {
  private static final long MAX_LATENCY_MICROS = 3_600_000_000L;
  private static final int MAX_SAMPLES = 8;

  private enum Kind { ALL, GROUP, USER, CONNECTION, CALLER }

  /** The order the senders cycle through the kinds: one broadcast in eight (REST sends to a connection for CALLER). */
  private static final Kind[] MIX = {Kind.ALL, Kind.GROUP, Kind.USER, Kind.CONNECTION, Kind.GROUP, Kind.USER,
      Kind.CALLER, Kind.GROUP};

  private final SoakConfig config;
  private final PrintStream out;
  private final PrintStream log;
  private final SoakTarget target;
  private final AtomicReferenceArray<@Nullable SoakClient> slots;
  private final AtomicLong[] generations;
  private final Set<SoakClient> eligible = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<SoakClient>> byGroup = new ConcurrentHashMap<>();
  private final Map<String, Set<SoakClient>> byUser = new ConcurrentHashMap<>();
  /** Every client whose ledger still has counts to give: open, leaving, or closed but not yet drained. */
  private final Set<SoakClient> tracked = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<SoakClient> leaving = new ConcurrentLinkedQueue<>();
  private final Map<SoakClient, Long> leavingSince = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<SoakClient> retired = new ConcurrentLinkedQueue<>();
  private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
  private final Histogram totalLatency = new Histogram(MAX_LATENCY_MICROS, 3);
  private final AtomicLong sends = new AtomicLong();
  private final AtomicLong expectations = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong sendsSkipped = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong churned = new AtomicLong();
  private final AtomicLong unexpectedCloses = new AtomicLong();
  private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
  private final ExecutorService connector;
  private final ScheduledExecutorService scheduler;
  private final SoakCounts total = new SoakCounts();
  private final List<Map<String, Object>> intervals = new ArrayList<>();
  private final ServerProbe server;
  private final ServerProbe hubServer;
  private volatile boolean running = true;
  private long invocationCounter; // the invoking thread only

  public SoakRun(SoakConfig config, PrintStream out, PrintStream log) {
    this.config = config;
    this.out = out;
    this.log = log;
    this.target = new SoakTarget(config);
    this.slots = new AtomicReferenceArray<>(config.connections());
    this.generations = new AtomicLong[config.connections()];
    for (int i = 0; i < generations.length; i++) {
      generations[i] = new AtomicLong();
    }
    this.connector = Executors.newFixedThreadPool(8, daemon("soak-connect"));
    this.scheduler = Executors.newScheduledThreadPool(3, daemon("soak-schedule"));
    this.server = new ServerProbe(config.serverPid(), config.jcmd());
    this.hubServer = new ServerProbe(config.hubServerPid(), config.jcmd());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private String userOf(int slot) {
    return "u" + slot % Math.max(1, config.connections() / 2);
  }

  private String groupOf(int slot) {
    return "g" + slot % config.groups();
  }

  /** Runs the soak to its end and returns the summary and the interval lines. */
  public SoakResult run() throws InterruptedException {
    try {
      ramp();
      long start = System.nanoTime();
      long end = start + config.duration().toNanos();
      List<Thread> restThreads = new ArrayList<>();
      int rest = config.effectiveRestSenders();
      double invocationRate = rest > 0 ? config.rate() / 2.0 : config.rate();
      double restRatePerSender = rest > 0 ? (config.rate() - invocationRate) / rest : 0;
      for (int k = 0; k < rest; k++) {
        String name = "rest-" + k;
        Thread t = new Thread(() -> restSender(name, restRatePerSender, end), "soak-" + name);
        t.setDaemon(true);
        t.start();
        restThreads.add(t);
      }
      long invokePeriod = (long) (1e9 / invocationRate);
      var invoking = scheduler.scheduleAtFixedRate(this::invokeOnce, invokePeriod, invokePeriod, TimeUnit.NANOSECONDS);
      var churning = config.churn() > 0 ? scheduler.scheduleAtFixedRate(this::churnOnce,
          (long) (1e9 / config.churn()), (long) (1e9 / config.churn()), TimeUnit.NANOSECONDS) : null;
      var leavingTicks = scheduler.scheduleWithFixedDelay(this::processLeaving, 100, 100, TimeUnit.MILLISECONDS);
      long nextReport = start + config.interval().toNanos();
      while (System.nanoTime() < end) {
        sleepUntil(Math.min(end, nextReport));
        if (System.nanoTime() >= nextReport) {
          report((nextReport - start) / 1e9, false);
          nextReport += config.interval().toNanos();
        }
      }
      invoking.cancel(false);
      if (churning != null) {
        churning.cancel(false);
      }
      for (Thread t : restThreads) {
        t.join(config.lossTimeout().toMillis() + 30_000);
      }
      // let the last sends arrive: every ledger empty, or the loss timeout
      long drainEnd = System.nanoTime() + config.lossTimeout().toNanos();
      while (System.nanoTime() < drainEnd && tracked.stream().anyMatch(c -> c.ledger.outstanding() > 0)) {
        Thread.sleep(50);
      }
      running = false;
      leavingTicks.cancel(false);
      processLeaving();
      for (SoakClient c : tracked) {
        c.ledger.sweepAll();
      }
      report((System.nanoTime() - start) / 1e9, true);
      return new SoakResult(summary((System.nanoTime() - start) / 1e9), List.copyOf(intervals));
    } finally {
      running = false;
      scheduler.shutdownNow();
      connector.shutdownNow();
      for (int i = 0; i < slots.length(); i++) {
        SoakClient c = slots.get(i);
        if (c != null) {
          c.closeByUs();
        }
      }
      target.close();
    }
  }

  private void ramp() throws InterruptedException {
    int n = config.connections();
    log.printf("soak: opening %d connections to %s (%s) at %d/s%n", n, config.endpoint(), config.target().id(),
        config.connectRate());
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sleepUntil(start + i * 1_000_000_000L / config.connectRate());
      int slot = i;
      connector.execute(() -> connect(slot));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (eligible.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    log.printf("soak: %d of %d connections open after %.1f s (%d connect failures)%n", eligible.size(), n,
        (System.nanoTime() - start) / 1e9, connectFailures.get());
  }

  private void connect(int slot) {
    if (!running) {
      return;
    }
    String user = userOf(slot);
    String group = groupOf(slot);
    String name = "c" + slot + "-" + generations[slot].incrementAndGet();
    try {
      SoakClient client = target.open(slot, name, user, group, this);
      try {
        target.join(client).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        client.closeByUs();
        throw e;
      }
      slots.set(slot, client);
      tracked.add(client);
      register(client);
      connects.incrementAndGet();
      if (!client.isActive()) {
        // closed while joining: closed() did not see it as ours yet
        closed(client, "closed while joining");
      }
    } catch (Exception e) {
      connectFailures.incrementAndGet();
      sample("connect " + name + ": " + (e instanceof InterruptedException ? "interrupted" : e));
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return;
      }
      if (running) {
        scheduler.schedule(() -> connector.execute(() -> connect(slot)), 1, TimeUnit.SECONDS);
      }
    }
  }

  private void register(SoakClient c) {
    byGroup.computeIfAbsent(c.group, g -> ConcurrentHashMap.newKeySet()).add(c);
    byUser.computeIfAbsent(c.user, u -> ConcurrentHashMap.newKeySet()).add(c);
    eligible.add(c);
  }

  /** No send counts {@code c} from now on. */
  private void unregister(SoakClient c) {
    c.ledger.stopExpecting();
    eligible.remove(c);
    Set<SoakClient> g = byGroup.get(c.group);
    if (g != null) {
      g.remove(c);
    }
    Set<SoakClient> u = byUser.get(c.user);
    if (u != null) {
      u.remove(c);
    }
  }

  @Override
  public void arrived(SoakClient client, String sender, long seq, long sentNanos) {
    long nanos = client.ledger.arrived(sender, seq, sentNanos, System.nanoTime());
    if (nanos >= 0) {
      latency.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1000)));
    }
    String disorder = client.ledger.takeDisorder();
    if (disorder != null) {
      sample("out of order at " + client + ": " + disorder);
    }
  }

  @Override
  public void closed(SoakClient client, String why) {
    if (client.closingByUs() || slots.get(client.slot) != client) {
      return; // churn, or a client still connecting (connect() counts its failure)
    }
    if (!slots.compareAndSet(client.slot, client, null)) {
      return;
    }
    unexpectedCloses.incrementAndGet();
    sample("closed " + client + ": " + why);
    unregister(client);
    // what it still expected will not come: lost
    client.ledger.sweepAll();
    retired.add(client);
    if (running) {
      connector.execute(() -> connect(client.slot));
    }
  }

  private void sample(String s) {
    if (samples.size() < MAX_SAMPLES) {
      samples.add(s);
    }
  }

  // ---- sending

  /** Registers {@code seq} of {@code sender} with every recipient, before the send, and returns them. */
  private List<SoakClient> expect(Collection<SoakClient> recipients, String sender, long seq, long sent) {
    List<SoakClient> expected = new ArrayList<>(recipients.size());
    for (SoakClient r : recipients) {
      if (r.ledger.expect(sender, seq, sent)) {
        expected.add(r);
      }
    }
    expectations.addAndGet(expected.size());
    return expected;
  }

  private Set<SoakClient> members(Map<String, Set<SoakClient>> index, String key) {
    Set<SoakClient> s = index.get(key);
    return s == null ? Set.of() : s;
  }

  private @Nullable SoakClient randomEligible() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int tries = 0; tries < 16; tries++) {
      SoakClient c = slots.get(r.nextInt(slots.length()));
      if (c != null && eligible.contains(c)) {
        return c;
      }
    }
    return null;
  }

  private void invokeOnce() {
    try {
      long k = invocationCounter++;
      SoakClient invoker = slots.get((int) (k % config.invokers()));
      if (invoker == null || !eligible.contains(invoker)) {
        sendsSkipped.incrementAndGet();
        return;
      }
      Kind kind = MIX[(int) ((k / config.invokers()) % MIX.length)];
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String sender = invoker.name;
      long seq = invoker.seq++;
      long sent = System.nanoTime();
      switch (kind) {
        case ALL -> {
          expect(eligible, sender, seq, sent);
          invoker.send("soakAll", sender, seq, sent);
        }
        case GROUP -> {
          String g = "g" + random.nextInt(config.groups());
          expect(members(byGroup, g), sender, seq, sent);
          invoker.send("soakGroup", g, sender, seq, sent);
        }
        case USER -> {
          String u = userOf(random.nextInt(config.connections()));
          expect(members(byUser, u), sender, seq, sent);
          invoker.send("soakUser", u, sender, seq, sent);
        }
        case CONNECTION -> {
          SoakClient to = randomEligible();
          if (to == null) {
            sendsSkipped.incrementAndGet();
            invoker.seq--;
            return;
          }
          expect(List.of(to), sender, seq, sent);
          invoker.send("soakConnection", to.connectionId, sender, seq, sent);
        }
        case CALLER -> {
          expect(List.of(invoker), sender, seq, sent);
          invoker.send("soakCaller", sender, seq, sent);
        }
        default -> throw new IllegalStateException(kind.name());
      }
      sends.incrementAndGet();
    } catch (RuntimeException e) {
      sample("invoke: " + e);
    }
  }

  private void restSender(String sender, double rate, long end) {
    long period = (long) (1e9 / rate);
    long due = System.nanoTime();
    long seq = 0;
    int k = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running && System.nanoTime() < end) {
      due += period;
      sleepUntilQuietly(due);
      Kind kind = MIX[k++ % MIX.length];
      long sent = System.nanoTime();
      String path;
      Collection<SoakClient> recipients;
      switch (kind) {
        case ALL -> {
          path = "/:send";
          recipients = eligible;
        }
        case GROUP -> {
          String g = "g" + random.nextInt(config.groups());
          path = "/groups/" + SoakTarget.enc(g) + "/:send";
          recipients = members(byGroup, g);
        }
        case USER -> {
          String u = userOf(random.nextInt(config.connections()));
          path = "/users/" + SoakTarget.enc(u) + "/:send";
          recipients = members(byUser, u);
        }
        case CONNECTION, CALLER -> {
          SoakClient to = randomEligible();
          if (to == null) {
            sendsSkipped.incrementAndGet();
            continue;
          }
          path = "/connections/" + SoakTarget.enc(to.connectionId) + "/:send";
          recipients = List.of(to);
        }
        default -> throw new IllegalStateException(kind.name());
      }
      long s = seq++;
      List<SoakClient> expected = expect(recipients, sender, s, sent);
      String body = "{\"target\":\"" + BenchHub.SOAK_TARGET + "\",\"arguments\":[\"" + sender + "\"," + s + ","
          + sent + "]}";
      try {
        target.restSend(path, body);
        sends.incrementAndGet();
      } catch (Exception e) {
        sendFailures.incrementAndGet();
        sample("REST " + path + ": " + e);
        for (SoakClient c : expected) {
          c.ledger.withdraw(sender, s);
        }
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // ---- churn

  private void churnOnce() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int tries = 0; tries < 16; tries++) {
      int slot = config.invokers() + r.nextInt(config.connections() - config.invokers());
      SoakClient c = slots.get(slot);
      if (c != null && eligible.contains(c) && slots.compareAndSet(slot, c, null)) {
        unregister(c);
        leavingSince.put(c, System.nanoTime());
        leaving.add(c);
        return;
      }
    }
  }

  /** Closes the leaving clients whose expected messages all arrived, or whose loss timeout passed. */
  private void processLeaving() {
    long now = System.nanoTime();
    for (Iterator<SoakClient> it = leaving.iterator(); it.hasNext(); ) {
      SoakClient c = it.next();
      Long since = leavingSince.get(c);
      if (!running || c.ledger.outstanding() == 0 || since == null
          || now - since > config.lossTimeout().toNanos()) {
        it.remove();
        leavingSince.remove(c);
        c.ledger.sweepAll();
        c.closeByUs();
        retired.add(c);
        churned.incrementAndGet();
        if (running) {
          connector.execute(() -> connect(c.slot));
        }
      }
    }
  }

  // ---- reporting

  private void report(double seconds, boolean last) {
    long sentBefore = System.nanoTime() - config.lossTimeout().toNanos();
    SoakCounts interval = new SoakCounts();
    for (SoakClient c : tracked) {
      c.ledger.sweep(sentBefore);
      c.ledger.drainCounts(interval);
    }
    for (SoakClient c; (c = retired.poll()) != null; ) {
      c.ledger.drainCounts(interval);
      tracked.remove(c);
    }
    total.add(interval);
    Histogram h = latency.getIntervalHistogram();
    totalLatency.add(h);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("t_s", Math.round(seconds * 10) / 10.0);
    line.put("target", config.target().id());
    line.put("open", eligible.size());
    line.put("checked", interval.delivered);
    line.put("lost", interval.lost);
    line.put("duplicated", interval.duplicated);
    line.put("out_of_order", interval.outOfOrder);
    line.put("unchecked", interval.unexpected);
    line.put("p50_ms", ms(h, 50));
    line.put("p99_ms", ms(h, 99));
    line.put("max_ms", h.getMaxValue() / 1000.0);
    line.put("checked_total", total.delivered);
    line.put("lost_total", total.lost);
    line.put("sends_total", sends.get());
    line.put("churned_total", churned.get());
    line.put("unexpected_closes_total", unexpectedCloses.get());
    line.putAll(server.sample("server_"));
    line.putAll(hubServer.sample("hub_server_"));
    if (last) {
      line.put("final", true);
    }
    intervals.add(line);
    out.println(json(line));
    out.flush();
  }

  private Map<String, Object> summary(double seconds) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("summary", true);
    s.put("target", config.target().id());
    s.put("connections", config.connections());
    s.put("duration_s", Math.round(seconds * 10) / 10.0);
    s.put("sends", sends.get());
    s.put("sends_skipped", sendsSkipped.get());
    s.put("send_failures", sendFailures.get());
    s.put("expected", expectations.get());
    s.put("checked", total.delivered);
    s.put("lost", total.lost);
    s.put("duplicated", total.duplicated);
    s.put("out_of_order", total.outOfOrder);
    s.put("unchecked", total.unexpected);
    s.put("connects", connects.get());
    s.put("churned", churned.get());
    s.put("connect_failures", connectFailures.get());
    s.put("unexpected_closes", unexpectedCloses.get());
    s.put("p50_ms", ms(totalLatency, 50));
    s.put("p99_ms", ms(totalLatency, 99));
    s.put("p999_ms", ms(totalLatency, 99.9));
    s.put("max_ms", totalLatency.getMaxValue() / 1000.0);
    s.put("samples", List.copyOf(samples));
    s.put("ok", total.clean() && sendFailures.get() == 0 && unexpectedCloses.get() == 0
        && total.delivered > 0);
    out.println(json(s));
    out.flush();
    return s;
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  static String json(Map<String, Object> fields) {
    try {
      return SoakClient.JSON.writeValueAsString(fields);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleepUntil(long deadline) throws InterruptedException {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
    }
  }

  private static void sleepUntilQuietly(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
