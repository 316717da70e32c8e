package dev.hubbub.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Reads only what the generator needs from frames the server sends: for every invocation, its first
 * argument (the sender's {@code System.nanoTime()}); for every completion, the first element of its result
 * (the bench hub's {@code echo} returns its arguments). Pings and other messages are skipped without parsing.
 * Stateless.
 */
final class HubMessageScanner {
  static final byte RECORD_SEPARATOR = 0x1e;
  /** Returned when a timestamp could not be read. */
  static final long NONE = Long.MIN_VALUE;

  private HubMessageScanner() {}

  /**
   * JSON: records end with 0x1E. An invocation written by the server starts {@code {"type":1,} and its
   * first {@code [} opens the arguments (the bench target holds no bracket, sends carry no headers); a
   * completion starts {@code {"type":3,} and its first {@code [} opens the result (the invocation id is a number).
   */
  static void scanJson(ByteBuf buf, int start, int end, LoopStats stats, long now, long windowStart, long windowEnd) {
    int pos = start;
    while (pos < end) {
      int rs = buf.indexOf(pos, end, RECORD_SEPARATOR);
      if (rs < 0) {
        stats.unparsed++;
        return;
      }
      // {"type":1,...  the type digit is at offset 8
      byte type = rs - pos > 10 ? buf.getByte(pos + 8) : 0;
      if ((type == '1' || type == '3') && buf.getByte(pos + 9) == ',') {
        int bracket = buf.indexOf(pos + 10, rs, (byte) '[');
        long ts = bracket < 0 ? NONE : parseJsonLong(buf, bracket + 1, rs);
        if (ts == NONE) {
          stats.unparsed++;
        } else {
          stats.recordLatency(ts, now, windowStart, windowEnd);
        }
      }
      pos = rs + 1;
    }
  }

  static long parseJsonLong(ByteBuf buf, int pos, int end) {
    boolean negative = false;
    if (pos < end && buf.getByte(pos) == '-') {
      negative = true;
      pos++;
    }
    long value = 0;
    int digits = 0;
    while (pos < end) {
      byte b = buf.getByte(pos);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      digits++;
      pos++;
    }
    if (digits == 0 || digits > 19) {
      return NONE;
    }
    return negative ? -value : value;
  }

  /**
   * MessagePack: {@code [VarInt length][array]} repeated; an invocation is {@code [1, headers, id, target, [args..],
   * ...]}, a completion with a result {@code [3, headers, id, 3, result]}.
   */
  static void scanMessagePack(ByteBuf buf, int start, int end, LoopStats stats, long now, long windowStart,
      long windowEnd) {
    int pos = start;
    while (pos < end) {
      int length = 0;
      int shift = 0;
      byte b;
      do {
        if (pos >= end) {
          stats.unparsed++;
          return;
        }
        b = buf.getByte(pos++);
        length |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0 && shift < 35);
      int messageEnd = pos + length;
      if (length <= 0 || messageEnd > end) {
        stats.unparsed++;
        return;
      }
      int h = buf.getUnsignedByte(pos);
      byte type = (h & 0xf0) == 0x90 ? buf.getByte(pos + 1) : 0;
      if (type == 1 || type == 3) {
        long ts = type == 1 ? messagePackInvocationTimestamp(buf, pos + 2, messageEnd)
            : messagePackCompletionTimestamp(buf, pos + 2, messageEnd);
        if (ts == NONE) {
          stats.unparsed++;
        } else {
          stats.recordLatency(ts, now, windowStart, windowEnd);
        }
      }
      pos = messageEnd;
    }
  }

  static long messagePackInvocationTimestamp(ByteBuf buf, int p, int end) {
    p = skipHeadersAndId(buf, p);
    if (p < 0) {
      return NONE;
    }
    p = skipString(buf, p); // target
    return p < 0 ? NONE : firstArrayElement(buf, p, end);
  }

  /** After the type: headers, invocation id, result kind (3: has a result), the result array. */
  static long messagePackCompletionTimestamp(ByteBuf buf, int p, int end) {
    p = skipHeadersAndId(buf, p);
    if (p < 0 || p >= end || buf.getByte(p) != 3) {
      return NONE;
    }
    return firstArrayElement(buf, p + 1, end);
  }

  /** Skips a map of string headers and an invocation id (nil or string); -1 when they are not there. */
  private static int skipHeadersAndId(ByteBuf buf, int p) {
    int m = buf.getUnsignedByte(p++);
    if ((m & 0xf0) != 0x80) {
      return -1;
    }
    for (int i = 0; i < (m & 0x0f) * 2 && p >= 0; i++) {
      p = skipString(buf, p);
    }
    if (p < 0) {
      return -1;
    }
    return buf.getUnsignedByte(p) == 0xc0 ? p + 1 : skipString(buf, p);
  }

  /** The integer that starts the array at {@code p}, or {@link #NONE}. */
  private static long firstArrayElement(ByteBuf buf, int p, int end) {
    if (p >= end) {
      return NONE;
    }
    int a = buf.getUnsignedByte(p++);
    if ((a & 0xf0) == 0x90) {
      if ((a & 0x0f) == 0) {
        return NONE;
      }
    } else if (a == 0xdc) {
      p += 2;
    } else if (a == 0xdd) {
      p += 4;
    } else {
      return NONE;
    }
    if (p >= end) {
      return NONE;
    }
    int t = buf.getUnsignedByte(p);
    if (t < 0x80) {
      return t;
    }
    if (t >= 0xe0) {
      return (byte) t;
    }
    return switch (t) {
      case 0xcc -> buf.getUnsignedByte(p + 1);
      case 0xcd -> buf.getUnsignedShort(p + 1);
      case 0xce -> buf.getUnsignedInt(p + 1);
      case 0xcf, 0xd3 -> buf.getLong(p + 1);
      case 0xd0 -> buf.getByte(p + 1);
      case 0xd1 -> buf.getShort(p + 1);
      case 0xd2 -> buf.getInt(p + 1);
      default -> NONE;
    };
  }

  /** The position after the string at {@code p}, or -1 when there is no string there. */
  private static int skipString(ByteBuf buf, int p) {
    int t = buf.getUnsignedByte(p);
    if ((t & 0xe0) == 0xa0) {
      return p + 1 + (t & 0x1f);
    }
    return switch (t) {
      case 0xd9 -> p + 2 + buf.getUnsignedByte(p + 1);
      case 0xda -> p + 3 + buf.getUnsignedShort(p + 1);
      case 0xdb -> p + 5 + buf.getInt(p + 1);
      default -> -1;
    };
  }
}
