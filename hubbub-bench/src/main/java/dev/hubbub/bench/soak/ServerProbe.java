package dev.hubbub.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads one server process from outside: RSS and open file descriptors from {@code /proc}, and, when asked,
 * heap used and GC counts and time from the JVM's performance counters ({@code jcmd <pid> PerfCounter.print},
 * which works on any HotSpot JVM of the same user without changing the server).
 */
final class ServerProbe {
  private final long pid;
  private final boolean jcmd;
  private long lastGcCount = -1;
  private long lastGcTicks = -1;

  /** @param pid 0 for none */
  ServerProbe(long pid, boolean jcmd) {
    this.pid = pid;
    this.jcmd = jcmd;
  }

  boolean known() {
    return pid > 0;
  }

  /** One sample as JSON fields with {@code prefix}: rss_kb, fds, heap_used_kb, gc_count and gc_ms (since the last). */
  Map<String, Object> sample(String prefix) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    if (pid <= 0) {
      return out;
    }
    out.put(prefix + "rss_kb", rssKb());
    out.put(prefix + "fds", fds());
    if (jcmd) {
      Map<String, Long> c = perfCounters();
      if (!c.isEmpty()) {
        long used = 0;
        long gcCount = 0;
        long gcTicks = 0;
        for (Map.Entry<String, Long> e : c.entrySet()) {
          String k = e.getKey();
          if (k.startsWith("sun.gc.generation.") && k.endsWith(".used") && k.contains(".space.")) {
            used += e.getValue();
          } else if (k.matches("sun\\.gc\\.collector\\.\\d+\\.invocations")) {
            gcCount += e.getValue();
          } else if (k.matches("sun\\.gc\\.collector\\.\\d+\\.time")) {
            gcTicks += e.getValue();
          }
        }
        double ticksPerMs = c.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L) / 1000.0;
        out.put(prefix + "heap_used_kb", used / 1024);
        out.put(prefix + "gc_count", lastGcCount < 0 ? 0 : gcCount - lastGcCount);
        out.put(prefix + "gc_ms", lastGcTicks < 0 ? 0.0 : Math.round((gcTicks - lastGcTicks) / ticksPerMs * 10) / 10.0);
        lastGcCount = gcCount;
        lastGcTicks = gcTicks;
      }
    }
    return out;
  }

  long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  long fds() {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return s.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private Map<String, Long> perfCounters() {
    Map<String, Long> out = new TreeMap<>();
    Path jcmdPath = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmdPath.toString(), Long.toString(pid), "PerfCounter.print")
          .redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return out;
      }
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && (line.startsWith("sun.gc.") || line.startsWith("sun.os.hrt.frequency"))) {
          try {
            out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
          } catch (NumberFormatException notANumber) {
            // a string counter
          }
        }
      }
    } catch (IOException e) {
      // no jcmd: heap figures are left out
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
