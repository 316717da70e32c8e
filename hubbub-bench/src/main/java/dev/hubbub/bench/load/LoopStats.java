package dev.hubbub.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What the clients of one event loop received. Confined to that loop; read by submitting a task to it.
 *
 * <p>Latency is recorded for messages whose send timestamp lies in the measured window, whenever they
 * arrive (late ones included); throughput counts deliveries by arrival time inside the window.
 */
final class LoopStats {
  /** Highest latency recorded, in microseconds (larger values are clamped to it). */
  static final long MAX_MICROS = 120_000_000L;

  final Histogram latencyMicros = new Histogram(MAX_MICROS, 3);
  final Histogram connectMicros = new Histogram(MAX_MICROS, 3);
  /** Invocations received, all time. */
  long delivered;
  /** Invocations that arrived inside the window. */
  long deliveredInWindow;
  /** Invocations whose first argument could not be read as a timestamp. */
  long unparsed;
  /** Bytes of WebSocket payload received after the handshake. */
  long payloadBytes;
  /** WebSocket frames received after the handshake. */
  long frames;

  void recordLatency(long sentNanos, long nowNanos, long windowStart, long windowEnd) {
    delivered++;
    if (nowNanos >= windowStart && nowNanos < windowEnd) {
      deliveredInWindow++;
    }
    if (sentNanos >= windowStart && sentNanos < windowEnd) {
      long micros = (nowNanos - sentNanos) / 1000;
      latencyMicros.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    }
  }

  /** A copy for the reading thread. Run on the owning loop. */
  LoopStats snapshot() {
    LoopStats s = new LoopStats();
    s.latencyMicros.add(latencyMicros);
    s.connectMicros.add(connectMicros);
    s.delivered = delivered;
    s.deliveredInWindow = deliveredInWindow;
    s.unparsed = unparsed;
    s.payloadBytes = payloadBytes;
    s.frames = frames;
    return s;
  }

  void add(LoopStats o) {
    latencyMicros.add(o.latencyMicros);
    connectMicros.add(o.connectMicros);
    delivered += o.delivered;
    deliveredInWindow += o.deliveredInWindow;
    unparsed += o.unparsed;
    payloadBytes += o.payloadBytes;
    frames += o.frames;
  }
}
