package dev.hubbub.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A process's resident memory and CPU time from {@code /proc}, with CPU time per thread group (threads named
 * alike, e.g. all {@code GC Thread#n}), to say where the time went.
 *
 * @param rssKb VmRSS
 * @param cpuTicks user + system time in clock ticks
 * @param systemTicks the system (kernel) part of {@code cpuTicks}
 * @param threadTicks user + system ticks by thread group name
 */
record ProcessSample(long rssKb, long cpuTicks, long systemTicks, Map<String, Long> threadTicks) {
  /** USER_HZ; 100 on every Linux this runs on (checked with {@code getconf CLK_TCK}). */
  static final double TICKS_PER_SECOND = 100.0;

  static final ProcessSample NONE = new ProcessSample(-1, -1, -1, Map.of());

  /** The sample, or {@link #NONE} when the pid is 0 or the process cannot be read. */
  static ProcessSample of(long pid) {
    if (pid <= 0) {
      return NONE;
    }
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      long rss = -1;
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
      String stat = Files.readString(proc.resolve("stat"));
      long ticks = ticks(stat);
      long system = Long.parseLong(fields(stat)[12]);
      Map<String, Long> threads = new TreeMap<>();
      try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            String name = Files.readString(task.resolve("comm")).trim();
            threads.merge(groupName(name), ticks(Files.readString(task.resolve("stat"))), Long::sum);
          } catch (IOException | RuntimeException gone) {
            // the thread ended while we looked
          }
        }
      }
      return new ProcessSample(rss, ticks, system, threads);
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  static ProcessSample self() {
    return of(ProcessHandle.current().pid());
  }

  /** utime + stime: fields 14 and 15 of stat, counted after the command name in parentheses. */
  private static long ticks(String stat) {
    String[] f = fields(stat);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /** Kernel CPU seconds from {@code earlier} to this sample. */
  double systemSecondsSince(ProcessSample earlier) {
    return known() && earlier.known() ? (systemTicks - earlier.systemTicks) / TICKS_PER_SECOND : -1;
  }

  private static String groupName(String name) {
    return name.replaceAll("[#\\-]?\\d+$", "").replaceAll("[#\\-]?\\d+$", "");
  }

  boolean known() {
    return cpuTicks >= 0;
  }

  /** CPU seconds from {@code earlier} to this sample. */
  double cpuSecondsSince(ProcessSample earlier) {
    return known() && earlier.known() ? (cpuTicks - earlier.cpuTicks) / TICKS_PER_SECOND : -1;
  }

  /** CPU seconds by thread group from {@code earlier} to this sample, largest first, groups above 0. */
  Map<String, Double> threadSecondsSince(ProcessSample earlier) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    threadTicks.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), (e.getValue() - earlier.threadTicks.getOrDefault(e.getKey(), 0L))
            / TICKS_PER_SECOND))
        .filter(e -> e.getValue() > 0)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
