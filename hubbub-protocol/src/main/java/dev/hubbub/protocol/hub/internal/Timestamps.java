package dev.hubbub.protocol.hub.internal;

import dev.hubbub.protocol.ProtocolException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePacker;

/**
 * MessagePack's timestamp extension (type -1) and the ISO-8601 text .NET's System.Text.Json writes for the same
 * instants, so both hub protocols carry dates the way ASP.NET Core peers do.
 *
 * <p>Wire forms (MessagePack spec, "Timestamp extension type"): 32-bit {@code d6 ff} + uint32 seconds; 64-bit
 * {@code d7 ff} + uint64 whose upper 30 bits are nanoseconds and lower 34 bits seconds; 96-bit
 * {@code c7 0c ff} + uint32 nanoseconds + int64 seconds. Writers use the smallest form that holds the value.
 *
 * <p>Text forms (System.Text.Json): an instant is UTC with {@code Z} ({@code DateTime} of kind Utc), a value
 * with an offset keeps it as {@code ±hh:mm}, never {@code Z} ({@code DateTimeOffset}, including
 * {@code +00:00}), a local date-time has no suffix (kind Unspecified). Fractional seconds have at most seven
 * digits (.NET ticks are 100 ns; finer digits are truncated, as converting to ticks does) with trailing zeros
 * trimmed, and none at all when they are zero.
 */
public final class Timestamps {
  /** MessagePack's timestamp extension type. */
  public static final byte TYPE = -1;
  /** Fractional digits .NET writes (100 ns ticks). */
  public static final int DOTNET_DIGITS = 7;
  /** Fractional digits that keep every nanosecond. */
  public static final int ALL_DIGITS = 9;

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final long MAX_NANOS = 999_999_999L;
  private static final long MIN_LOCAL_SECOND = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC);
  private static final long MAX_LOCAL_SECOND = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC);

  private Timestamps() {}

  /**
   * Decodes the data of a timestamp extension (the bytes after the type).
   *
   * @throws ProtocolException when the length is not 4, 8 or 12, the nanoseconds exceed 999999999, or the
   *     instant is beyond the years ±999,999,999 that java.time can represent
   */
  public static Instant decode(byte[] data) throws ProtocolException {
    long seconds;
    long nanos;
    switch (data.length) {
      case 4 -> {
        seconds = uint32(data, 0);
        nanos = 0;
      }
      case 8 -> {
        long both = int64(data, 0);
        nanos = both >>> 34;
        seconds = both & 0x3_FFFF_FFFFL;
      }
      case 12 -> {
        nanos = uint32(data, 0);
        seconds = int64(data, 4);
      }
      default -> throw new ProtocolException(
          "MessagePack timestamp has length " + data.length + "; expected 4, 8 or 12.");
    }
    if (nanos > MAX_NANOS) {
      throw new ProtocolException("MessagePack timestamp nanoseconds " + nanos + " exceed 999999999.");
    }
    // LocalDateTime's range is the narrower one; within it every conversion and format here succeeds.
    if (seconds < MIN_LOCAL_SECOND || seconds > MAX_LOCAL_SECOND) {
      throw new ProtocolException("MessagePack timestamp seconds " + seconds
          + " are out of range (years -999999999 to 999999999).");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** Writes {@code t} as a timestamp extension in its smallest form. */
  public static void write(MessagePacker out, Instant t) throws IOException {
    long seconds = t.getEpochSecond();
    int nanos = t.getNano();
    if (seconds >>> 34 == 0) {
      if (nanos == 0 && seconds >>> 32 == 0) {
        out.packExtensionTypeHeader(TYPE, 4);
        out.writePayload(new byte[] {(byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8),
            (byte) seconds});
      } else {
        out.packExtensionTypeHeader(TYPE, 8);
        out.writePayload(bytes((long) nanos << 34 | seconds, 8));
      }
    } else {
      out.packExtensionTypeHeader(TYPE, 12);
      byte[] data = new byte[12];
      System.arraycopy(bytes(nanos, 4), 0, data, 0, 4);
      System.arraycopy(bytes(seconds, 8), 0, data, 4, 8);
      out.writePayload(data);
    }
  }

  /**
   * The instant a Java date value stands for, or null when {@code value} is not one: {@link Instant},
   * {@link OffsetDateTime}, {@link ZonedDateTime}, {@link Date}, and {@link LocalDateTime} read as UTC (as .NET's
   * MessagePack writes a {@code DateTime} of kind Unspecified).
   */
  @SuppressWarnings("JavaUtilDate") // Date is one of the types hub methods may use
  public static @Nullable Instant instantOf(@Nullable Object value) {
    if (value instanceof Instant t) {
      return t;
    } else if (value instanceof OffsetDateTime t) {
      return t.toInstant();
    } else if (value instanceof ZonedDateTime t) {
      return t.toInstant();
    } else if (value instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    } else if (value instanceof Date d) {
      return Instant.ofEpochMilli(d.getTime()); // java.sql.Date's toInstant() throws
    }
    return null;
  }

  /** Whether {@link #convert} can produce {@code type}. */
  public static boolean isDateType(java.lang.reflect.Type type) {
    return type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
        || type == LocalDateTime.class || type == Date.class;
  }

  /**
   * {@code t} as {@code type}, one of {@link #isDateType}'s; offsets are UTC.
   *
   * @throws IllegalArgumentException when {@code type} is {@link Date} and {@code t} is beyond its range (about
   *     292 million years either side of 1970), naming the instant
   */
  public static Object convert(Instant t, java.lang.reflect.Type type) {
    if (type == OffsetDateTime.class) {
      return t.atOffset(ZoneOffset.UTC);
    } else if (type == ZonedDateTime.class) {
      return t.atZone(ZoneOffset.UTC);
    } else if (type == LocalDateTime.class) {
      return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    } else if (type == Date.class) {
      try {
        return Date.from(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the timestamp " + t + " is beyond the range of java.util.Date", e);
      }
    }
    return t;
  }

  /** {@code 2024-01-02T03:04:05.678Z}: an instant in UTC, as .NET writes a UTC {@code DateTime}. */
  public static String formatUtc(Instant t, int maxDigits) {
    if (t.getEpochSecond() < MIN_LOCAL_SECOND || t.getEpochSecond() > MAX_LOCAL_SECOND) {
      return DateTimeFormatter.ISO_INSTANT.format(t); // the outermost years of Instant, which no peer can read
    }
    LocalDateTime utc = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
    return formatLocal(utc, maxDigits) + 'Z';
  }

  /** {@code 2024-01-02T03:04:05.678+01:00}: the offset kept, zero as {@code +00:00}, as .NET writes a {@code DateTimeOffset}. */
  public static String formatOffset(OffsetDateTime t, int maxDigits) {
    ZoneOffset offset = t.getOffset();
    String id = offset.equals(ZoneOffset.UTC) ? "+00:00" : offset.getId();
    return formatLocal(t.toLocalDateTime(), maxDigits) + id;
  }

  /** {@code 2024-01-02T03:04:05.678}: no zone, as .NET writes a {@code DateTime} of kind Unspecified. */
  @SuppressWarnings("JavaLocalDateTimeGetNano") // the seconds are in the formatted part, the fraction is ours
  public static String formatLocal(LocalDateTime t, int maxDigits) {
    StringBuilder out = new StringBuilder(36);
    DATE_TIME.formatTo(t, out);
    int nanos = t.getNano();
    for (int i = ALL_DIGITS; i > maxDigits; i--) {
      nanos /= 10;
    }
    if (nanos != 0) {
      int digits = maxDigits;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      String fraction = Integer.toString(nanos);
      out.append('.');
      for (int i = fraction.length(); i < digits; i++) {
        out.append('0');
      }
      out.append(fraction);
    }
    return out.toString();
  }

  private static long uint32(byte[] b, int at) {
    return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
  }

  private static long int64(byte[] b, int at) {
    return uint32(b, at) << 32 | uint32(b, at + 4);
  }

  private static byte[] bytes(long value, int n) {
    byte[] out = new byte[n];
    for (int i = n - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }
}
